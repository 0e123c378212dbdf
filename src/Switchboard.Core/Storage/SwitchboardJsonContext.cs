using System.Text.Json;
using System.Text.Json.Serialization;
using Switchboard.Core.Conversations;
using Switchboard.Core.People;
using Switchboard.Core.Requests;

namespace Switchboard.Core.Storage;

/// <summary>Source-generated JSON for everything the stores persist.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Ticket))]
[JsonSerializable(typeof(ConversationState))]
[JsonSerializable(typeof(Person))]
[JsonSerializable(typeof(TeamLinks))]
[JsonSerializable(typeof(Card))]
[JsonSerializable(typeof(OutboundMessage))]
public sealed partial class SwitchboardJsonContext : JsonSerializerContext;
