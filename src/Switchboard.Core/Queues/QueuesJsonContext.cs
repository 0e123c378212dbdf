using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Core.Queues;

/// <summary>Source-generated JSON for what the Queues module stores.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HomeOpened))]
[JsonSerializable(typeof(AwayRecord))]
[JsonSerializable(typeof(RoundRobinTurn))]
[JsonSerializable(typeof(AwayLeadNotice))]
internal sealed partial class QueuesJsonContext : JsonSerializerContext;
