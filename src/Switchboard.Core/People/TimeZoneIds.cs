namespace Switchboard.Core.People;

/// <summary>Time zone ids as the directory keeps them: IANA ids only.</summary>
public static class TimeZoneIds
{
    /// <summary>
    /// The IANA id for <paramref name="id"/> (an IANA id, or a Windows id such as <c>W. Europe Standard Time</c>),
    /// or null when it names no time zone this machine knows.
    /// </summary>
    public static string? Normalize(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return null;
        id = id.Trim();
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId) return zone.Id;
        return TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana) ? iana : null;
    }
}
