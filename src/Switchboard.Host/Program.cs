using Switchboard.Host;
using Switchboard.Host.Api;
using Switchboard.Host.Configuration;
using Switchboard.Host.Dashboard;
using Switchboard.Host.Playground;
using Switchboard.Slack;
using Switchboard.Teams;

var builder = WebApplication.CreateBuilder(args);

builder.AddSwitchboardSettings();
builder.AddSwitchboardCore();
builder.AddSwitchboardStorage();
builder.AddPlayground();
builder.AddDashboard();
// Channels: each adds its options, adapter and gateway.
builder.AddSlackChannel();
builder.AddTeamsChannel();
builder.AddSwitchboardTelemetry();
builder.AddReportsApi();

var app = builder.Build();
// Every bad or missing setting at once, one per line on stderr, then exit code 1.
if (!app.SettingsAreValid()) return 1;

app.UseRequestErrors();
app.MapHealth();
app.MapRoutingApi();
app.MapDeadLetters();
app.MapReportsApi();
app.MapPlayground();
app.MapDashboard();
// Channels: each maps its endpoints.
app.MapSlackChannel();
app.MapTeamsChannel();

app.Run();
return 0;

/// <summary>Entry point; public so WebApplicationFactory&lt;Program&gt; can find it.</summary>
public partial class Program;
