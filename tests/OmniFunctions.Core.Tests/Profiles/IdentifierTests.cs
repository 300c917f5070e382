using OmniFunctions.Core.Profiles;

namespace OmniFunctions.Core.Tests.Profiles;

public sealed class IdentifierTests
{
    [Theory]
    [InlineData("+49 151 12345678", null, "+4915112345678")]
    [InlineData("4915112345678", null, "+4915112345678")]
    [InlineData("0049 151 12345678", null, "+4915112345678")]
    [InlineData("030 1234567", "DE", "+49301234567")]
    [InlineData("(650) 555-1234", "US", "+16505551234")]
    [InlineData("16505551234", null, "+16505551234")]
    [InlineData("+7 (900) 123-45-67", null, "+79001234567")]
    public void Phone_NormalizesToE164(string raw, string? region, string expected) =>
        Assert.Equal(expected, Identifier.Phone(raw, IdentifierTrust.Verified, region)?.Value);

    [Theory]
    [InlineData("not a phone", null)]
    [InlineData("12", null)]
    [InlineData("", null)]
    [InlineData("   ", "DE")]
    [InlineData("+999 1234", null)]
    public void Phone_Invalid_ReturnsNull(string raw, string? region) =>
        Assert.Null(Identifier.Phone(raw, IdentifierTrust.Verified, region));

    [Theory]
    [InlineData("Anna@Example.COM", "anna@example.com")]
    [InlineData("  anna@example.com ", "anna@example.com")]
    [InlineData("kunde@Bücher.example", "kunde@xn--bcher-kva.example")]
    public void Email_LowerCasesAndNormalizesIdn(string raw, string expected)
    {
        var email = Identifier.Email(raw, IdentifierTrust.Claimed);

        Assert.Equal(expected, email?.Value);
        Assert.Equal("email:" + expected, email?.Key);
        Assert.Equal(IdentifierTrust.Claimed, email?.Trust);
    }

    [Theory]
    [InlineData("anna")]
    [InlineData("anna@")]
    [InlineData("Anna <anna@example.com>")]
    [InlineData("anna@localhost")]
    [InlineData("")]
    public void Email_Invalid_ReturnsNull(string raw) => Assert.Null(Identifier.Email(raw, IdentifierTrust.Verified));
}
