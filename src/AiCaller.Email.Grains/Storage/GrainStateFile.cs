using System.Text;

namespace AiCaller.Email.Grains.Storage;

/// <summary>
/// The binary envelope of one grain state file: a header with the grain id (for operators) and the state
/// version (the ETag), then the payload exactly as the <see cref="Orleans.Storage.IGrainStorageSerializer"/> produced it.
/// </summary>
internal sealed record GrainStateFile(string GrainId, int Version, byte[] Payload)
{
    private const int FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "AIGS"u8;

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream(capacity: Payload.Length + GrainId.Length + 32);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(Version);
            writer.Write(GrainId);
            writer.Write(Payload.Length);
            writer.Write(Payload);
        }

        return buffer.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not a grain state file of a known format.</exception>
    public static GrainStateFile Parse(byte[] contents, string path)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(contents, writable: false), Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException($"'{path}' is not a grain state file.");
            }

            var formatVersion = reader.ReadInt32();
            if (formatVersion != FormatVersion)
            {
                throw new InvalidDataException($"'{path}' has grain state format {formatVersion}; this build reads {FormatVersion}.");
            }

            var version = reader.ReadInt32();
            var grainId = reader.ReadString();
            var payloadLength = reader.ReadInt32();
            var payload = reader.ReadBytes(payloadLength);
            if (payload.Length != payloadLength || reader.BaseStream.Position != contents.Length)
            {
                throw new InvalidDataException($"'{path}' is truncated or has trailing bytes.");
            }

            return new GrainStateFile(grainId, version, payload);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException($"'{path}' is truncated.", exception);
        }
    }
}
