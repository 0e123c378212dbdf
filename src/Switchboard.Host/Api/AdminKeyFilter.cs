using System.Security.Cryptography;
using System.Text;
using Switchboard.Core.Conversations;

namespace Switchboard.Host.Api;

/// <summary>
/// Admin endpoints: open in Development, otherwise the caller must send <c>X-Admin-Key</c> equal to
/// <c>Admin:ApiKey</c> (start-up already refuses an empty key outside Development).
/// </summary>
public sealed class AdminKeyFilter(AdminOptions admin, IHostEnvironment environment) : IEndpointFilter
{
    public const string Header = "X-Admin-Key";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (environment.IsDevelopment() && string.IsNullOrEmpty(admin.ApiKey)) return next(context);
        var sent = context.HttpContext.Request.Headers[Header].ToString();
        if (sent.Length == 0) return Refuse(context, StatusCodes.Status401Unauthorized, $"Send the admin key in the {Header} header.");
        if (!Matches(sent)) return Refuse(context, StatusCodes.Status403Forbidden, "The admin key is not valid.");
        return next(context);
    }

    private static ValueTask<object?> Refuse(EndpointFilterInvocationContext context, int status, string error)
    {
        // Lets a page that knows no key yet (the playground) tell "ask for the key" from other refusals.
        context.HttpContext.Response.Headers["X-Admin-Key-Required"] = "true";
        return ValueTask.FromResult<object?>(Results.Json(new { error }, statusCode: status));
    }

    private bool Matches(string sent) =>
        !string.IsNullOrEmpty(admin.ApiKey) &&
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent)), SHA256.HashData(Encoding.UTF8.GetBytes(admin.ApiKey)));
}
