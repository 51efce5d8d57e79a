using FaustGen.Kafka.Embedded.Proxy;

namespace FaustGen.Kafka.Tests.Proxy;

/// <summary>The encodings of the Kafka protocol: fixed-size lengths, and the flexible versions' compact lengths and tagged fields.</summary>
public sealed class WireTests
{
    [Fact]
    public void Flexible_fields_are_read_as_KIP_482_lays_them_out()
    {
        byte[] data =
        [
            0xAC, 0x02,                 // unsigned varint 300
            3, (byte)'a', (byte)'b',    // compact string "ab" (length + 1)
            0,                          // compact string null
            4,                          // compact array of 3
            3, 7, 8,                    // compact bytes [7, 8]
            2,                          // tagged fields: 2
            0, 1, 9,                    //   tag 0, 1 byte
            5, 2, 9, 9,                 //   tag 5, 2 bytes
            0xFF,                       // what follows
        ];
        var reader = new WireReader(data, flexible: true);

        Assert.Equal(300u, reader.UnsignedVarInt());
        Assert.Equal("ab", reader.String());
        Assert.Null(reader.String());
        Assert.Equal(3, reader.ArrayCount());
        Assert.Equal(new byte[] { 7, 8 }, reader.Bytes().ToArray());
        reader.TaggedFields();
        Assert.Equal(-1, reader.Int8());
        Assert.Equal(0, reader.Remaining);
    }

    [Fact]
    public void Non_flexible_fields_have_fixed_size_lengths_and_no_tagged_fields()
    {
        byte[] data = [0, 2, (byte)'a', (byte)'b', 255, 255, 0, 0, 0, 3, 0, 0, 0, 1, 7, 0x7F];
        var reader = new WireReader(data);

        Assert.Equal("ab", reader.String());
        Assert.Null(reader.String());
        Assert.Equal(3, reader.ArrayCount());
        Assert.Equal(new byte[] { 7 }, reader.Bytes().ToArray());
        reader.TaggedFields();
        Assert.Equal(0x7F, reader.Int8());
    }

    [Fact]
    public void Flexible_fields_are_written_as_KIP_482_lays_them_out()
    {
        var writer = new WireWriter(flexible: true).UnsignedVarInt(300).String("ab").String(null).ArrayCount(3).ArrayCount(-1).TaggedFields();

        Assert.Equal(new byte[] { 0xAC, 0x02, 3, (byte)'a', (byte)'b', 0, 4, 0, 0 }, writer.Written.ToArray());
        Assert.Equal(new byte[] { 0, 0, 0, 6, 0, 0, 0, 9, 0, 0x2A }, new WireWriter(flexible: true).Int8(0x2A).ToResponse(9));
        Assert.Equal(new byte[] { 0, 0, 0, 5, 0, 0, 0, 9, 0x2A }, new WireWriter().Int8(0x2A).ToResponse(9));
    }

    [Fact]
    public void Non_flexible_fields_are_written_with_fixed_size_lengths()
    {
        var writer = new WireWriter().String("ab").String(null).ArrayCount(3).TaggedFields();

        Assert.Equal(new byte[] { 0, 2, (byte)'a', (byte)'b', 255, 255, 0, 0, 0, 3 }, writer.Written.ToArray());
    }

    [Theory]
    [InlineData(new byte[] { 0, 5, (byte)'a' }, "string")]                // a string longer than what is left
    [InlineData(new byte[] { 0x7F, 0xFF, 0xFF, 0xFF }, "array")]          // an array count larger than what is left
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "varint")] // a varint of six bytes
    [InlineData(new byte[] { 0 }, "int32")]                               // a field cut short
    public void A_message_that_is_cut_short_or_claims_impossible_lengths_is_invalid_data(byte[] data, string field)
    {
        Assert.Throws<InvalidDataException>(() =>
        {
            var reader = new WireReader(data);
            _ = field switch
            {
                "string" => reader.String()?.Length ?? 0,
                "array" => reader.ArrayCount(),
                "varint" => (int)reader.UnsignedVarInt(),
                _ => reader.Int32(),
            };
        });
    }
}
