using OmniFunctions.Core.Profiles;
using OmniFunctions.Core.Tests.Channels;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Profiles;

/// <summary>An email or phone typed into a chat is a claim: kept and suggested, never linked, never merged.</summary>
public sealed class TypedContactsTests
{
    [Theory]
    [InlineData("Write to Anna.Schmidt@Example.com, please.", "email:anna.schmidt@example.com")]
    [InlineData("call me: +49 151 12345678", "phone:+4915112345678")]
    [InlineData("+1 650-555-1234 or anna@shop.example", "email:anna@shop.example", "phone:+16505551234")]
    [InlineData("My order 1042, tracking 00340434161094042557")]       // numbers that are no phone
    [InlineData("see https://x.example/user@host/a or a@b or anna@example.c0m")]  // nothing a strict pattern takes
    [InlineData("test@example.com or +1 000 000 0000")]              // placeholders never count
    [InlineData("")]
    public void In_FindsOnlyRealAddressesAndNumbers(string text, params string[] expected) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal),
            TypedContacts.In(text).Select(i => { Assert.Equal(IdentifierTrust.Claimed, i.Trust); return i.Key; }).Order(StringComparer.Ordinal));

    [Fact]
    public void In_KeepsAtMostAFewPerMessage() =>
        Assert.Equal(TypedContacts.MaxPerMessage, TypedContacts.In(string.Join(" ", Enumerable.Range(1, 20).Select(i => $"p{i}@shop.example"))).Count);

    [Fact]
    public async Task TelegramMessage_WithTheVictimsTypedPhone_IsAClaimAndASuggestionNotAMerge()
    {
        using var hub = new TestHub();
        var victim = (await hub.ReceiveAsync("whatsapp", Say.WhatsApp("4915112345678", "hello", TestHub.Now.AddHours(-3))))[0].ProfileId!;

        var typed = Assert.Single(await hub.ReceiveAsync("telegram", ChannelPayloadTests.Load("telegram", "message_typed_contacts.json"))).ProfileId!;

        Assert.NotEqual(victim, typed);
        var profile = (await hub.ProfileService.GetAsync(typed))!;
        Assert.Equal(["email:anna.schmidt@example.com", "phone:+4915112345678"], profile.Claims.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["telegram:1111111"], profile.Identifiers.Select(i => i.Key));
        Assert.Contains(await hub.ProfileService.GetSuggestionsAsync(typed), s => s.ProfileId == victim);
    }
}
