using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OmniFunctions.Core.Api;

/// <summary>
/// The OpenAPI 3.1 description of every route (<c>GET api/openapi.json</c>, checked in as <c>docs/openapi.json</c>),
/// merged from the fragments in <c>Api/OpenApi/</c>: <c>common.json</c> first, then the others by file name, each
/// adding its <c>paths</c> and <c>components</c>. Two fragments naming the same path or component is an error, so
/// areas written apart cannot overwrite each other. The journey definition schema is the one the validator ships.
/// </summary>
internal static class OpenApiDescription
{
    public const string CommonFragment = "common.json";
    public const string JourneySchemaName = "JourneyDefinition";

    private const string FragmentPrefix = "openapi/";
    private const string JourneySchemaResource = "schemas/journey.schema.json";

    private static readonly Lazy<(byte[] Json, string ETag)> Served = new(() =>
    {
        var json = ToUtf8(Assemble());
        return (json, "\"" + Convert.ToHexStringLower(SHA256.HashData(json))[..32] + "\"");
    });

    /// <summary>The assembled document as served (UTF-8, indented).</summary>
    public static ReadOnlyMemory<byte> Json => Served.Value.Json;

    /// <summary>A strong ETag of <see cref="Json"/>: it changes only when the document does.</summary>
    public static string ETag => Served.Value.ETag;

    /// <summary>Indented UTF-8 JSON with a final newline: the bytes served and checked in.</summary>
    public static byte[] ToUtf8(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    /// <summary>The document merged from the embedded fragments.</summary>
    public static JsonObject Assemble()
    {
        var assembly = typeof(OpenApiDescription).Assembly;
        var fragments = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(FragmentPrefix, StringComparison.Ordinal))
            .Select(n => (Name: n[FragmentPrefix.Length..], Fragment: Read(assembly, n)));
        return Assemble(fragments, Read(assembly, JourneySchemaResource));
    }

    /// <summary>Merges <paramref name="fragments"/> (one must be <see cref="CommonFragment"/>) in a fixed order.</summary>
    /// <exception cref="InvalidOperationException">A path or component is defined twice, or a fragment has an unknown member.</exception>
    internal static JsonObject Assemble(IEnumerable<(string Name, JsonObject Fragment)> fragments, JsonObject journeySchema)
    {
        var ordered = fragments.OrderBy(f => f.Name == CommonFragment ? 0 : 1).ThenBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (ordered.Count == 0 || ordered[0].Name != CommonFragment)
        {
            throw new InvalidOperationException($"The OpenAPI fragments must include {CommonFragment}.");
        }

        var document = (JsonObject)ordered[0].Fragment.DeepClone();
        var paths = new JsonObject();
        var components = document["components"] as JsonObject ?? [];
        document.Remove("paths");
        document.Remove("components");
        foreach (var (name, fragment) in ordered.Skip(1))
        {
            foreach (var (member, value) in fragment)
            {
                switch (member)
                {
                    case "paths":
                        AddAll(paths, (JsonObject)value!, name, "path");
                        break;
                    case "components":
                        foreach (var (section, entries) in (JsonObject)value!)
                        {
                            AddAll(Section(components, section), (JsonObject)entries!, name, "components." + section + " entry");
                        }

                        break;
                    default:
                        throw new InvalidOperationException($"OpenAPI fragment {name} has '{member}'; a fragment holds only paths and components.");
                }
            }
        }

        foreach (var (schemaName, schema) in FromDraft7(journeySchema))
        {
            Add(Section(components, "schemas"), schemaName, schema, JourneySchemaResource, "components.schemas entry");
        }
        foreach (var (section, entries) in components.ToList())
        {
            components[section] = Sorted((JsonObject)entries!);
        }

        document["paths"] = paths;
        document["components"] = Sorted(components);
        return document;
    }

    /// <summary>
    /// The validator's draft-07 schema as OpenAPI 3.1 components, so there is one journey schema, not two that drift:
    /// <see cref="JourneySchemaName"/> and each of its <c>definitions</c> as <c>Journey</c> + the name in Pascal case
    /// (<c>step</c> → <c>JourneyStep</c>), references rewritten to them; tools resolve component references, few
    /// resolve references into a component.
    /// </summary>
    private static IEnumerable<(string Name, JsonNode Schema)> FromDraft7(JsonObject schema)
    {
        var definitions = (schema["definitions"] as JsonObject)?.Select(d => d.Key).ToList() ?? [];
        var text = schema.ToJsonString();
        foreach (var definition in definitions)
        {
            text = text.Replace("\"#/definitions/" + definition + "\"", "\"#/components/schemas/" + DefinitionName(definition) + "\"", StringComparison.Ordinal);
        }

        var converted = JsonNode.Parse(text)!.AsObject();
        var hoisted = converted["definitions"] as JsonObject ?? [];
        converted.Remove("$schema");
        converted.Remove("$id");
        converted.Remove("definitions");
        yield return (JourneySchemaName, converted);
        foreach (var (name, definition) in hoisted.ToList())
        {
            hoisted.Remove(name);
            yield return (DefinitionName(name), definition!);
        }
    }

    private static string DefinitionName(string definition) => "Journey" + char.ToUpperInvariant(definition[0]) + definition[1..];

    private static void AddAll(JsonObject target, JsonObject entries, string fragment, string what)
    {
        foreach (var (key, value) in entries)
        {
            Add(target, key, value!.DeepClone(), fragment, what);
        }
    }

    private static void Add(JsonObject target, string key, JsonNode value, string fragment, string what)
    {
        if (!target.TryAdd(key, value))
        {
            throw new InvalidOperationException($"OpenAPI fragment {fragment} defines {what} '{key}' a second time.");
        }
    }

    private static JsonObject Section(JsonObject components, string section)
    {
        if (components[section] is not JsonObject entries)
        {
            entries = [];
            components[section] = entries;
        }

        return entries;
    }

    private static JsonObject Sorted(JsonObject entries) =>
        new(entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, e.Value?.DeepClone())));

    private static JsonObject Read(System.Reflection.Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        return JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow })?.AsObject()
            ?? throw new InvalidOperationException($"Embedded resource {resource} is not a JSON object.");
    }
}
