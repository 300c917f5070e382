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
        Assert.Equal(blocked, IdentityRules.IsBlocked(new Identifier(kind, value, true)));

    [Fact]
    public void CanLink_OnlyVerifiedNonPlaceholders()
    {
        Assert.True(IdentityRules.CanLink(new Identifier("phone", "+4915112345678", true)));
        Assert.False(IdentityRules.CanLink(new Identifier("phone", "+4915112345678", false)));
        Assert.False(IdentityRules.CanLink(new Identifier("phone", "+10000000000", true)));
    }
}
