using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;

namespace FaustGen.Codecs;

/// <summary>The bodies of a Confluent-compatible registry's requests and answers, read and written without reflection.</summary>
internal static class RegistryJson
{
    /// <summary>The body that registers or looks up <paramref name="schema"/>: its text, its type unless Avro, and its references.</summary>
    public static byte[] Request(RegistrySchema schema)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("schema"u8, schema.Text);
            if (schema.Format != SchemaFormat.Avro)
            {
                writer.WriteString("schemaType"u8, schema.FormatName);
            }

            if (schema.References is { Count: > 0 } references)
            {
                writer.WriteStartArray("references"u8);
                foreach (var reference in references)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name"u8, reference.Name);
                    writer.WriteString("subject"u8, reference.Subject);
                    writer.WriteNumber("version"u8, reference.Version);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The number <paramref name="property"/> of an answer.</summary>
    public static int Number(byte[] answer, string property, SchemaRegistryClient client)
    {
        using var document = Parse(answer, client);
        return document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw new SchemaRegistryException($"The answer of schema registry {client.Url} has no number '{property}'.");
    }

    /// <summary>The schema of a <c>GET /schemas/ids/{id}</c> answer; a schema without <c>schemaType</c> is Avro.</summary>
    public static RegistrySchema Schema(byte[] answer, SchemaRegistryClient client)
    {
        using var document = Parse(answer, client);
        var root = document.RootElement;
        if (!root.TryGetProperty("schema", out var text) || text.ValueKind != JsonValueKind.String)
        {
            throw new SchemaRegistryException($"The answer of schema registry {client.Url} has no string 'schema'.");
        }

        var format = root.TryGetProperty("schemaType", out var type) && type.ValueKind == JsonValueKind.String
            ? type.GetString() switch
            {
                "JSON" => SchemaFormat.Json,
                "PROTOBUF" => SchemaFormat.Protobuf,
                "AVRO" => SchemaFormat.Avro,
                var other => throw new SchemaRegistryException($"Schema registry {client.Url} answered a schema of unknown type '{other}'."),
            }
            : SchemaFormat.Avro;
        List<SchemaReference>? references = null;
        if (root.TryGetProperty("references", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            references = [];
            foreach (var reference in list.EnumerateArray())
            {
                references.Add(new SchemaReference(
                    reference.GetProperty("name").GetString()!,
                    reference.GetProperty("subject").GetString()!,
                    reference.GetProperty("version").GetInt32()));
            }
        }

        return new RegistrySchema(text.GetString()!, format, references);
    }

    /// <summary>The error for a refusal: the registry, the request, the status, and the registry's own message and code when it gave them.</summary>
    public static SchemaRegistryException Refusal(SchemaRegistryClient client, HttpMethod method, string path, HttpStatusCode status, byte[] answer)
    {
        string? message = null;
        int? code = null;
        try
        {
            using var document = JsonDocument.Parse(answer);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                message = document.RootElement.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                code = document.RootElement.TryGetProperty("error_code", out var c) && c.TryGetInt32(out var n) ? n : null;
            }
        }
        catch (JsonException)
        {
            // Not the registry's JSON error (a proxy's page, say): the text itself is shown below.
        }

        message ??= Encoding.UTF8.GetString(answer);
        return new SchemaRegistryException(
            $"Schema registry {client.Url} answered {(int)status} to {method} /{path}{(code is null ? string.Empty : " (error " + code + ")")}: {message}",
            status,
            code);
    }

    private static JsonDocument Parse(byte[] answer, SchemaRegistryClient client)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(answer);
        }
        catch (JsonException ex)
        {
            throw new SchemaRegistryException($"The answer of schema registry {client.Url} is not JSON: {ex.Message}", innerException: ex);
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw new SchemaRegistryException($"The answer of schema registry {client.Url} is not a JSON object.");
        }

        return document;
    }
}
