using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ClockBound.Ctl;

/// <summary>Builds one compact JSON object with <see cref="Utf8JsonWriter"/> (no reflection: NativeAOT-safe).</summary>
internal static class JsonText
{
    /// <summary>The object <paramref name="writeProperties"/> fills, as a single line without a newline.</summary>
    public static string Object(Action<Utf8JsonWriter> writeProperties)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeProperties(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
