using System.Net;
using System.Text;
using Switchboard.Slack.Tests.Fakes;

namespace Switchboard.Slack.Tests;

/// <summary>Every Slack endpoint refuses what is not signed by Slack, before doing anything.</summary>
public sealed class SlackRequestVerificationTests : IAsyncLifetime
{
    private SlackAdapterHost _host = null!;

    public async Task InitializeAsync() => _host = await SlackAdapterHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Dm(string eventId = "Ev0VERIFY") =>
        Payload.Load("event-dm-message.json", ("user", "U0REQUESTER"), ("text", "my laptop is broken"), ("event_id", eventId));

    [Theory]
    [InlineData("/api/slack/events")]
    [InlineData("/api/slack/commands")]
    [InlineData("/api/slack/interactivity")]
    public async Task Post_WithoutSignatureHeaders_Returns401AndDispatchesNothing(string path)
    {
        var response = await _host.Client.PostAsync(path, new StringContent(Dm(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertNothingDispatched();
    }

    [Fact]
    public async Task Events_WithoutTimestampHeader_Returns401()
    {
        var request = SlackSigner.Json("/api/slack/events", Dm(), DateTimeOffset.UtcNow);
        request.Headers.Remove("X-Slack-Request-Timestamp");

        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertNothingDispatched();
    }

    [Fact]
    public async Task Events_SignedWithAnotherSecret_Returns401AndDispatchesNothing()
    {
        var request = SlackSigner.Request("/api/slack/events", Dm(), "application/json", DateTimeOffset.UtcNow, secret: "not-the-secret");

        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("signature could not be verified", await response.Content.ReadAsStringAsync());
        AssertNothingDispatched();
    }

    [Fact]
    public async Task Interactivity_SignedButMissingTheActionId_Is200AndDispatchesNothing()
    {
        var payload = "{\"type\":\"block_actions\",\"user\":{\"id\":\"U0REQUESTER\"},\"team\":{\"id\":\"T0CONTOSO\"},\"actions\":[{\"type\":\"button\",\"value\":\"x\"}]}";
        var request = SlackSigner.Form("/api/slack/interactivity", [new("payload", payload)], DateTimeOffset.UtcNow);

        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNothingDispatched();
    }

    [Fact]
    public async Task Interactivity_SignedWithoutAUser_Is400WithAReason()
    {
        var request = SlackSigner.Form("/api/slack/interactivity", [new("payload", "{\"type\":\"block_actions\",\"actions\":[]}")], DateTimeOffset.UtcNow);

        var response = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("names no user", await response.Content.ReadAsStringAsync());
        AssertNothingDispatched();
    }

    [Fact]
    public async Task Events_BodyChangedAfterSigning_Returns401AndDispatchesNothing()
    {
        var signed = SlackSigner.Json("/api/slack/events", Dm(), DateTimeOffset.UtcNow);
        var tampered = new HttpRequestMessage(HttpMethod.Post, "/api/slack/events")
        {
            Content = new StringContent(Dm().Replace("my laptop is broken", "my laptop is brokeN"), Encoding.UTF8, "application/json"),
        };
        foreach (var header in signed.Headers) tampered.Headers.Add(header.Key, header.Value);

        var response = await _host.Client.SendAsync(tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertNothingDispatched();
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public async Task Events_SignedWithTimestampMinutesAway_Returns401AndDispatchesNothing(int minutes)
    {
        var response = await _host.Client.SendAsync(SlackSigner.Json("/api/slack/events", Dm(), DateTimeOffset.UtcNow.AddMinutes(minutes)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertNothingDispatched();
    }

    [Fact]
    public async Task Events_CorrectlySigned_IsAcceptedAndDispatched()
    {
        var response = await _host.Client.SendAsync(SlackSigner.Json("/api/slack/events", Dm(), DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _host.Engine.WaitForTurnAsync();
    }

    [Fact]
    public async Task Commands_UnsignedSslCheckCarryingAPayload_Returns401AndDispatchesNothing()
    {
        var body = "ssl_check=1&token=x&command=%2Frequest&text=printer&user_id=U0REQUESTER&trigger_id=1.2.3";
        var response = await _host.Client.PostAsync("/api/slack/commands", new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertNothingDispatched();
    }

    [Fact]
    public async Task Commands_SignedSslCheckCarryingACommand_Returns200AndDispatchesNothing()
    {
        var response = await _host.Client.SendAsync(SlackSigner.Form("/api/slack/commands",
        [
            new("ssl_check", "1"), new("command", "/request"), new("text", "printer jammed"),
            new("user_id", "U0REQUESTER"), new("team_id", "T0CONTOSO"), new("trigger_id", "1.2.3"),
        ], DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        AssertNothingDispatched();
    }

    [Fact]
    public async Task Interactivity_UnsignedSslCheckCarryingAPayload_Returns401AndDispatchesNothing()
    {
        var payload = Payload.Load("message-action.json", ("user", "U0REQUESTER"), ("text", "printer"));
        var body = "ssl_check=1&payload=" + Uri.EscapeDataString(payload);
        var response = await _host.Client.PostAsync("/api/slack/interactivity", new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertNothingDispatched();
    }

    [Fact]
    public async Task Interactivity_SignedSslCheckCarryingAPayload_Returns200AndDispatchesNothing()
    {
        var payload = Payload.Load("message-action.json", ("user", "U0REQUESTER"), ("text", "printer"));
        var response = await _host.Client.SendAsync(SlackSigner.Form("/api/slack/interactivity",
            [new("ssl_check", "1"), new("payload", payload)], DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNothingDispatched();
    }

    [Fact]
    public async Task Events_BodyOverTheLimitWithContentLength_Returns413()
    {
        var big = Dm().Replace("my laptop is broken", new string('x', 20_000));

        var response = await _host.Client.SendAsync(SlackSigner.Json("/api/slack/events", big, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        AssertNothingDispatched();
    }

    [Fact]
    public async Task Events_ChunkedBodyOverTheLimit_Returns413()
    {
        var signed = SlackSigner.Json("/api/slack/events", Dm().Replace("my laptop is broken", new string('x', 20_000)), DateTimeOffset.UtcNow);
        var bytes = await signed.Content!.ReadAsByteArrayAsync();
        var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/slack/events") { Content = new StreamContent(new UnknownLengthStream(bytes)) };
        foreach (var header in signed.Headers) chunked.Headers.Add(header.Key, header.Value);

        var response = await _host.Client.SendAsync(chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        AssertNothingDispatched();
    }

    [Fact]
    public async Task Events_UrlVerification_EchoesTheChallenge()
    {
        var response = await _host.Client.SendAsync(SlackSigner.Json("/api/slack/events", Payload.Load("url-verification.json"), DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await response.Content.ReadAsStringAsync());
    }

    private void AssertNothingDispatched()
    {
        // The adapter stores a request's work in the queue before it answers, and nothing reaches the engine or
        // Slack's API later except through that queue: a refused request that queued nothing can have no sequel.
        Assert.Empty(_host.Queue.Enqueued);
        Assert.Empty(_host.Engine.Turns);
        Assert.Empty(_host.Api.Calls);
    }

    /// <summary>A stream that does not tell its length, so the request goes chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
