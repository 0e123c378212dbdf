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
        // Lets a page that knows no key yet (the playground) tell "ask for the key" from other refusals.
        context.HttpContext.Response.Headers["X-Admin-Key-Required"] = "true";
        var sent = context.HttpContext.Request.Headers[Header].ToString();
        if (sent.Length == 0)
            return ValueTask.FromResult<object?>(Results.Json(new { error = $"Send the admin key in the {Header} header." }, statusCode: StatusCodes.Status401Unauthorized));
        if (string.IsNullOrEmpty(admin.ApiKey) ||
            !CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent)), SHA256.HashData(Encoding.UTF8.GetBytes(admin.ApiKey))))
            return ValueTask.FromResult<object?>(Results.Json(new { error = "The admin key is not valid." }, statusCode: StatusCodes.Status403Forbidden));
        return next(context);
    }
}
