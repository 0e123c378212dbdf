using System.Text.Json;
using Switchboard.Core.Conversations;
using Switchboard.Core.Storage;

namespace Switchboard.Core.Tests.Conversations;

public sealed class ConversationAddressTests
{
    private const string Endpoint = "https://smba.trafficmanager.net/emea/";
    private const string Organization = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    [Fact]
    public void Json_EndpointAndOrganization_AreStoredUnderTheNamesEarlierDocumentsUse()
    {
        var address = new ConversationAddress(TestPlatforms.Teams, "19:it@thread.tacv2", "1700000000000", Endpoint, Organization);

        var json = JsonSerializer.SerializeToNode(address, SwitchboardJsonContext.Default.ConversationAddress)!.AsObject();

        Assert.Equal(Endpoint, (string?)json["serviceUrl"]);
        Assert.Equal(Organization, (string?)json["tenantId"]);
        Assert.False(json.ContainsKey("endpoint"));
        Assert.False(json.ContainsKey("organizationId"));
    }

    [Fact]
    public void Json_AnAddressStoredBeforeTheFieldsHadNeutralNames_ReadsBackWhole()
    {
        const string stored = $$"""{"platform":{"id":"teams"},"conversationId":"19:it@thread.tacv2","threadId":"1700000000000","serviceUrl":"{{Endpoint}}","tenantId":"{{Organization}}"}""";

        var address = JsonSerializer.Deserialize(stored, SwitchboardJsonContext.Default.ConversationAddress);

        Assert.Equal(new ConversationAddress(TestPlatforms.Teams, "19:it@thread.tacv2", "1700000000000", Endpoint, Organization), address);
    }
}
