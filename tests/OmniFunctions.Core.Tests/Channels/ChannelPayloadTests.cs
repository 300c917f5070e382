using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OmniFunctions.Core.Tests.Infrastructure;

namespace OmniFunctions.Core.Tests.Channels;

/// <summary>
/// Every provider payload under Payloads/ goes through the real endpoint, signed as the provider signs it, onto an
/// Azurite queue; what lands there must equal the reviewed CloudEvents in <c>{name}.expected.json</c> exactly.
/// </summary>
public sealed class ChannelPayloadTests
{
    public static TheoryData<string, string> AllPayloads()
    {
        var data = new TheoryData<string, string>();
        foreach (var dir in Directory.GetDirectories(Payloads.PathOf("")).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(dir).Where(f => !f.EndsWith(".expected.json", StringComparison.Ordinal) && !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(dir), Path.GetFileName(file));
            }
        }

        return data;
    }

    /// <summary>A payload as the provider would send it (the site-chat identity hash is made with the test secret).</summary>
    public static byte[] Load(string channel, string file)
    {
        var text = Encoding.UTF8.GetString(Payloads.Read(Path.Combine(channel, file)));
        var hash = Say.IdentityHash("42", "anna@example.com", null);
        return Encoding.UTF8.GetBytes(text.Replace("HASH_PLACEHOLDER", hash, StringComparison.Ordinal));
    }

    [Fact]
    public void AllPayloads_CoverEveryChannel() =>
        Assert.Equal(
            ["callcenter", "email", "sitechat", "telegram", "twilio", "viber", "whatsapp"],
            AllPayloads().Select(row => (string)row[0]).Distinct().Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(AllPayloads))]
    public async Task Webhook_DocumentedPayload_EnqueuesExactCloudEvents(string channel, string file)
    {
        using var hub = new TestHub();

        var response = await hub.PostAsync(channel, Load(channel, file));

        Assert.Equal(200, response.StatusCode);
        // The W3C trace context is the request's, not the payload's: it is there only while something traces.
        var actual = new JsonArray([.. (await hub.DrainRawAsync()).Select(raw => JsonNode.Parse(raw)!.AsObject()).Select(e => { e.Remove("traceparent"); return (JsonNode)e; })]);
        var expectedPath = Payloads.PathOf(Path.Combine(channel, Path.GetFileNameWithoutExtension(file) + ".expected.json"));
        if (!File.Exists(expectedPath) && Environment.GetEnvironmentVariable("OMNI_WRITE_EXPECTED") == "1")
        {
            // Writes a first draft into the source tree for a person to review; the test still fails.
            var source = Path.Combine(Azurite.RepositoryRoot(), "tests", "OmniFunctions.Core.Tests", "Payloads", channel, Path.GetFileName(expectedPath));
            File.WriteAllText(source, actual.ToJsonString(new() { WriteIndented = true }) + "\n");
            Assert.Fail($"Wrote {source}: review it.");
        }

        var expected = JsonNode.Parse(File.ReadAllText(expectedPath));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected:\n{expected}\nActual:\n{actual}");
    }

    [Theory]
    [MemberData(nameof(AllPayloads))]
    public async Task Webhook_SamePayloadDeliveredTwice_YieldsSameInteractionIds(string channel, string file)
    {
        using var hub = new TestHub();
        var body = Load(channel, file);

        Assert.Equal(200, (await hub.PostAsync(channel, body)).StatusCode);
        hub.Time.Advance(TimeSpan.FromSeconds(40));  // a retry: Standard Webhooks re-signs with a new timestamp
        Assert.Equal(200, (await hub.PostAsync(channel, body)).StatusCode);

        var ids = (await hub.DrainAsync()).Select(i => i.Id).ToList();
        Assert.Equal(ids.Count / 2 * 2, ids.Count);
        Assert.Equal(ids[..(ids.Count / 2)], ids[(ids.Count / 2)..]);
        Assert.Equal(ids.Count / 2, ids.Distinct().Count());
    }
}
