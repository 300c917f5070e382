using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Tests.Profiles;

public sealed class IdentityRulesTests
{
    [Theory]
    [InlineData("phone", "+10000000000", true)]
    [InlineData("phone", "+491111111111", true)]
    [InlineData("phone", "+441234567890", true)]
    [InlineData("phone", "+4915112345678", false)]
    [InlineData("phone", "+16505551234", false)]
    [InlineData("email", "test@example.com", true)]
    [InlineData("email", "noreply@shop.example", true)]
    [InlineData("email", "anna@example.com", false)]
    [InlineData("visitor", "null", true)]
    [InlineData("telegram", "1111111", false)]
    public void IsBlocked_PlaceholderValues(string kind, string value, bool blocked) =>
        Assert.Equal(blocked, IdentityRules.IsBlocked(new Identifier(kind, value, IdentifierTrust.Verified)));

    [Theory]
    [InlineData("phone", "+4915112345678", IdentifierTrust.Verified, true, false, false)]
    [InlineData("phone", "+4915112345678", IdentifierTrust.Network, false, true, false)]   // a caller id finds, never links
    [InlineData("phone", "+4915112345678", IdentifierTrust.Claimed, false, false, true)]
    [InlineData("phone", "+10000000000", IdentifierTrust.Verified, false, false, false)]   // a placeholder does nothing
    [InlineData("phone", "+10000000000", IdentifierTrust.Network, false, false, false)]
    [InlineData("telegram-username", "anna", IdentifierTrust.Verified, false, false, false)]  // usernames change hands
    [InlineData("whatsapp-username", "anna.shop", IdentifierTrust.Verified, false, false, false)]
    [InlineData("whatsapp-parent", "US.ENT.11815799212886844830", IdentifierTrust.Verified, true, false, false)]
    public void TrustLevels_DecideWhatAnIdentifierMayDo(string kind, string value, IdentifierTrust trust, bool link, bool find, bool claim)
    {
        var identifier = new Identifier(kind, value, trust);

        Assert.Equal((link, find, claim), (IdentityRules.CanLink(identifier), IdentityRules.CanFind(identifier), IdentityRules.IsClaim(identifier)));
    }
}
