using System.Text;
using OmniFunctions.Core.Security;

namespace OmniFunctions.Core.Tests.Security;

public sealed class SignatureTests
{
    // The Standard Webhooks reference test vector, published with the spec's libraries.
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = "{\"test\": 2432232314}";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void StandardWebhooksSign_PublishedVector_Matches() =>
        Assert.Equal(VectorSignature, StandardWebhooks.Sign(VectorId, VectorTimestamp, Encoding.UTF8.GetBytes(VectorBody), StandardWebhooks.ParseSecret(VectorSecret)));

    [Theory]
    [InlineData(VectorSignature, 0, true)]
    [InlineData("v1,bm9wZQ== " + VectorSignature, 0, true)]
    [InlineData("v2," + "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", 0, false)]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE", 0, false)]
    [InlineData("v1,!!!", 0, false)]
    [InlineData(VectorSignature, 300, true)]
    [InlineData(VectorSignature, -300, true)]
    [InlineData(VectorSignature, 301, false)]
    [InlineData(VectorSignature, -301, false)]
    public void StandardWebhooksVerify_PublishedVector(string header, int clockSkewSeconds, bool valid)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(VectorTimestamp + clockSkewSeconds);

        var failure = StandardWebhooks.Verify(
            VectorId, VectorTimestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), header,
            Encoding.UTF8.GetBytes(VectorBody), [StandardWebhooks.ParseSecret(VectorSecret)], now);

        Assert.Equal(valid, failure is null);
    }

    // Twilio's published validation examples (auth token 12345).
    [Theory]
    [InlineData("+14158675310", "GvWf1cFY/Q7PnoempGyD5oXAezc=")]
    [InlineData("+14158675309", "RSOYDt4T1cUTdK1PDd93/VVr8B8=")]
    public void TwilioSignature_PublishedExamples_Match(string caller, string expected)
    {
        var parameters = new Dictionary<string, string>
        {
            ["CallSid"] = "CA1234567890ABCDE",
            ["Caller"] = caller,
            ["Digits"] = "1234",
            ["From"] = caller,
            ["To"] = "+18005551212",
        };
        const string url = "https://mycompany.com/myapp.php?foo=1&bar=2";

        Assert.Equal(expected, TwilioSignature.Compute(url, parameters, "12345"));
        Assert.True(TwilioSignature.IsValid(expected, url, parameters, "12345"));
        Assert.False(TwilioSignature.IsValid(expected, url + "&baz=3", parameters, "12345"));
    }

    [Theory]
    [InlineData("secret", "secret", true)]
    [InlineData("secret", "secreT", false)]
    [InlineData("secret", "secret-longer", false)]
    [InlineData("", "secret", false)]
    [InlineData(null, "secret", false)]
    [InlineData("secret", "", false)]
    public void TokensEqual_ComparesWholeValues(string? presented, string expected, bool equal) =>
        Assert.Equal(equal, SecretComparer.TokensEqual(presented, expected));

    [Fact]
    public void HexEquals_AcceptsEitherCaseAndRejectsOtherLengths()
    {
        byte[] expected = [0xAB, 0x01, 0xFF];

        Assert.True(SecretComparer.HexEquals("ab01ff", expected));
        Assert.True(SecretComparer.HexEquals("AB01FF", expected));
        Assert.False(SecretComparer.HexEquals("ab01fe", expected));
        Assert.False(SecretComparer.HexEquals("ab01", expected));
        Assert.False(SecretComparer.HexEquals("zz01ff", expected));
    }
}
