using Switchboard.Core.Routing;

namespace Switchboard.Core.Tests.Routing;

public sealed class RoutingTextTests
{
    [Theory]
    [InlineData("printers", "printer")]
    [InlineData("leaking", "leaked")]
    [InlineData("leaks", "leak")]
    [InlineData("crashes", "crash")]
    [InlineData("dropping", "drop")]
    [InlineData("policies", "policy")]
    [InlineData("reimbursement", "reimbursed")]
    [InlineData("installation", "install")]
    [InlineData("shared", "share")]
    public void Stem_InflectedForms_MeetAtOneStem(string a, string b)
    {
        Assert.Equal(RoutingText.Stem(b), RoutingText.Stem(a));
    }

    [Theory]
    [InlineData("Wi-Fi", "wifi")]
    [InlineData("E-mail", "email")]
    [InlineData("pwd", "password")]
    [InlineData("2FA", "MFA")]
    [InlineData("air conditioning", "aircon")]
    [InlineData("A/C", "AC")]
    [InlineData("licence", "license")]
    [InlineData("purchase order", "PO")]
    [InlineData("log in", "login")]
    [InlineData("conference room", "meeting rooms")]
    [InlineData("lost and found", "lost property")]
    public void Tokenize_SpellingVariants_GiveTheSameTerms(string a, string b)
    {
        Assert.Equal(Terms(b), Terms(a));
    }

    [Fact]
    public void Tokenize_StopWordsAndNumbers_AreDropped()
    {
        Assert.Equal(["printer", "floor"], Terms("Hi, can you please help? The printer on floor 3 is not working!").Take(2));
        Assert.Empty(Terms("hello, can you help me please? 42"));
    }

    [Fact]
    public void Tokenize_UpperCaseIT_IsTheDepartmentNotThePronoun()
    {
        Assert.Contains("itdept", Terms("IT said it was fine"));
        Assert.Single(Terms("IT said it was fine"), t => t == "itdept");
    }

    [Fact]
    public void Tokenize_Apostrophes_AreRemovedNotSplit()
    {
        Assert.Equal(Terms("laptops"), Terms("laptop's"));
        Assert.Empty(Terms("I don't, can't, won't"));
    }

    [Fact]
    public void Tokenize_Token_KeepsTheWordAsTyped()
    {
        var token = Assert.Single(RoutingText.Tokenize("Printers!"));

        Assert.Equal("printers", token.Surface);
        Assert.Equal(RoutingText.Stem("printer"), token.Term);
    }

    private static List<string> Terms(string text) => RoutingText.Tokenize(text).Select(t => t.Term).ToList();
}
