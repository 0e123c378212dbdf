namespace Switchboard.Bench;

/// <summary>
/// What employees write, across all six teams: short and long, typos, several topics, some vague. The
/// routing preview uses all of them; filing uses those the router is sure about (see <see cref="Workload"/>).
/// </summary>
public static class RequestTexts
{
    public static readonly IReadOnlyList<string> All =
    [
        "My VPN drops every call",
        "I forgot my password and I'm locked out of my account since this morning",
        "The wifi on the 4th floor keeps disconnecting, can someone look at it?",
        "Outlook won't open, it says my mailbox is full",
        "Can you install Visual Studio on my laptop? I need it for the new project",
        "The printer next to the kitchen is jammed again",
        "My second monitor isn't detected after the docking station update",
        "I need access to the finance share drive for the quarterly close",
        "Update my bank details for payroll, I changed banks last week",
        "How many holiday days do I have left this year?",
        "My payslip for October shows the wrong tax code",
        "I'd like to ask about parental leave, my partner is due in March",
        "Can I get a copy of my employment contract?",
        "Question about the benefits enrolment window for the dental plan",
        "The AC in room Everest is broken and it's 30 degrees in there",
        "The lights on floor 3 keep flickering near the lifts",
        "My desk chair is broken, the height adjustment doesn't hold",
        "The toilets on the ground floor need cleaning urgently",
        "My building badge stopped working at the main entrance",
        "Can I get a parking space for next week? I'm bringing equipment",
        "The heating in meeting room Kilimanjaro is stuck on maximum",
        "My expense claim from March hasn't been reimbursed",
        "I need a purchase order for a new vendor we're onboarding",
        "My corporate card was declined at the hotel abroad",
        "Where do I send a supplier invoice that needs approval?",
        "Can you tell me how much budget is left for team events?",
        "I think I clicked a phishing link in an email pretending to be DHL",
        "My laptop was stolen from my car last night",
        "I lost my phone with company email on it at the airport",
        "Got a suspicious email asking me to confirm my password",
        "Antivirus says it found malware in my downloads folder",
        "Can legal review this NDA before Friday?",
        "Do we need a DPA with this new vendor under GDPR?",
        "A customer asked about our privacy policy and data retention",
        "Is our product name OK to use, or could it clash with a trademark?",
        "We received a letter about a contract dispute with a former supplier",
        "help, nothing works since the update this morning",
        "who do I talk to about moving desks and getting a new laptop?",
        "my vpn dropps evrey time i join a call from home",
        "The new starter on my team needs a laptop, an account and a desk by Monday",
    ];
}
