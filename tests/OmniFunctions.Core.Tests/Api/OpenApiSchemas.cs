using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace OmniFunctions.Core.Tests.Api;

/// <summary>
/// Validates JSON against schemas of one OpenAPI 3.1 document with JsonSchema.Net (JSON Schema 2020-12, OpenAPI
/// 3.1's dialect): the whole document is registered as a base document, so a <c>$ref</c> anywhere in it resolves.
/// </summary>
internal sealed class OpenApiSchemas
{
    private static readonly Uri BaseUri = new("https://omnifunctions.test/openapi.json");
    private readonly BuildOptions build;
    private readonly Dictionary<string, JsonSchema> schemas = [];

    public OpenApiSchemas(JsonObject document)
    {
        Document = document;
        var registry = new SchemaRegistry();
        using var parsed = JsonDocument.Parse(document.ToJsonString());
        registry.Register(BaseUri, new JsonElementBaseDocument(parsed.RootElement.Clone(), BaseUri));
        build = new BuildOptions { SchemaRegistry = registry, Dialect = Dialect.Draft202012 };
    }

    public JsonObject Document { get; }

    /// <summary>Errors of <paramref name="instance"/> against the schema at <paramref name="pointer"/> (e.g. <c>/components/schemas/Profile</c>); empty when valid.</summary>
    public IReadOnlyList<string> Validate(string pointer, JsonNode? instance)
    {
        if (!schemas.TryGetValue(pointer, out var schema))
        {
            // A URI fragment: characters such as the + of application/problem+json are percent-encoded.
            schema = JsonSchema.FromText(new JsonObject { ["$ref"] = BaseUri + "#" + Uri.EscapeDataString(pointer).Replace("%2F", "/", StringComparison.Ordinal) }.ToJsonString(), build);
            schemas[pointer] = schema;
        }

        using var json = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var result = schema.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
                .DefaultIfEmpty("invalid (no details)")];
    }

    /// <summary>
    /// Every example in the document with the schema it illustrates: media types', parameters' and headers'
    /// <c>example</c> and <c>examples[*].value</c>, and schemas' own <c>example</c> and <c>examples[*]</c>.
    /// </summary>
    public IEnumerable<(string Where, string SchemaPointer, JsonNode? Value)> Examples() => Walk(Document, "", inSchema: false);

    private IEnumerable<(string, string, JsonNode?)> Walk(JsonNode? node, string pointer, bool inSchema)
    {
        switch (node)
        {
            case JsonObject o:
                if (inSchema)
                {
                    if (o.TryGetPropertyValue("example", out var own))
                    {
                        yield return (pointer + "/example", pointer, own);
                    }

                    if (o["examples"] is JsonArray list)
                    {
                        for (var i = 0; i < list.Count; i++)
                        {
                            yield return ($"{pointer}/examples/{i}", pointer, list[i]);
                        }
                    }
                }
                else if (o.ContainsKey("schema"))
                {
                    var schemaPointer = pointer + "/schema";
                    if (o.TryGetPropertyValue("example", out var example))
                    {
                        yield return (pointer + "/example", schemaPointer, example);
                    }

                    if (o["examples"] is JsonObject named)
                    {
                        foreach (var (name, entry) in named)
                        {
                            var value = entry?["$ref"] is JsonValue r ? Resolve((string)r!)?["value"] : entry?["value"];
                            yield return ($"{pointer}/examples/{Escape(name)}", schemaPointer, value);
                        }
                    }
                }

                foreach (var (key, value) in o)
                {
                    // Example values and enum/const values are data, not parts of the description.
                    if ((inSchema || o.ContainsKey("schema")) && key is "example" or "examples" or "enum" or "const" or "default")
                    {
                        continue;
                    }

                    var child = pointer + "/" + Escape(key);
                    var childIsSchema = inSchema || key == "schema" || pointer == "/components/schemas";
                    foreach (var found in Walk(value, child, childIsSchema))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var found in Walk(a[i], pointer + "/" + i, inSchema))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }

    /// <summary>A local reference (<c>#/components/...</c>) to its node.</summary>
    public JsonNode? Resolve(string reference)
    {
        JsonNode? node = Document;
        foreach (var part in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        }

        return node;
    }

    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
