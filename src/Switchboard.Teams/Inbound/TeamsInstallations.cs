using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Core.Storage;

namespace Switchboard.Teams.Inbound;

/// <summary>Where the bot is installed: a team (its channel), a group chat or a personal chat.</summary>
public sealed record TeamsInstallation
{
    public required string ConversationId { get; init; }
    public required string Scope { get; init; }
    public string? TeamId { get; init; }
    public string? TeamName { get; init; }
    public string? ChannelId { get; init; }
    public string? ChannelName { get; init; }
    public string? TenantId { get; init; }
    public required string ServiceUrl { get; init; }
    public string? InstalledBy { get; init; }
    public DateTimeOffset InstalledAt { get; init; }
    public InstallationStatus Status { get; init; } = InstallationStatus.Active;
}

public enum InstallationStatus
{
    Active,
    Removed,
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TeamsInstallation))]
internal sealed partial class TeamsStateJsonContext : JsonSerializerContext;

/// <summary>Installations kept in <see cref="IStateStore"/> with compare-and-set, one document per conversation.</summary>
internal sealed class TeamsInstallations(IStateStore store)
{
    private readonly StateDocuments _documents = new(store);

    public static string KeyFor(string conversationId) => $"teams:installation:{TeamsConversationIds.Split(conversationId).ConversationId}";

    public Task<TeamsInstallation?> GetAsync(string conversationId, CancellationToken cancellationToken) =>
        _documents.ReadAsync(KeyFor(conversationId), TeamsStateJsonContext.Default.TeamsInstallation, cancellationToken);

    /// <summary>Records the installation; true when it is new (absent or removed before), so the caller greets once.</summary>
    public async Task<bool> RecordAsync(TeamsInstallation installation, CancellationToken cancellationToken)
    {
        var isNew = false;
        await _documents.UpdateAsync(KeyFor(installation.ConversationId), TeamsStateJsonContext.Default.TeamsInstallation, current =>
        {
            isNew = current is null || current.Status == InstallationStatus.Removed;
            return isNew ? installation : current! with { ServiceUrl = installation.ServiceUrl, TeamName = installation.TeamName ?? current.TeamName };
        }, cancellationToken);
        return isNew;
    }

    public async Task MarkRemovedAsync(string conversationId, CancellationToken cancellationToken)
    {
        var existing = await GetAsync(conversationId, cancellationToken);
        if (existing is null || existing.Status == InstallationStatus.Removed) return;
        await _documents.UpdateAsync(KeyFor(conversationId), TeamsStateJsonContext.Default.TeamsInstallation,
            current => (current ?? existing) with { Status = InstallationStatus.Removed }, cancellationToken);
    }
}
