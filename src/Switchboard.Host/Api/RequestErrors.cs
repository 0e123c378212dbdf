using System.Text.Json;

namespace Switchboard.Host.Api;

public static class RequestErrors
{
    /// <summary>
    /// A body that cannot be read (malformed JSON, wrong types, too large) answers its status code with
    /// <c>{"error": "..."}</c> naming what is wrong, in every environment, without a stack trace.
    /// </summary>
    public static IApplicationBuilder UseRequestErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            var json = FindJsonError(ex);
            var error = json is not null
                ? $"The request body is not valid JSON for this endpoint{(string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "" : $" (at {json.Path})")}."
                : ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request could not be read.";
            context.Response.StatusCode = ex.StatusCode;
            await context.Response.WriteAsJsonAsync(new { error }, context.RequestAborted);
        }
    });

    private static JsonException? FindJsonError(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is JsonException json) return json;
        return null;
    }
}
