using System.Text;

namespace AiCaller.Email.Grains.Storage.Legacy;

/// <summary>
/// One grain state file of the earlier file store (<c>orleans/grains/{stateName}/{sha256}.state</c>): a header with the
/// grain id and the state version, then the payload exactly as the storage serializer produced it.
/// </summary>
internal sealed record LegacyGrainStateFile(string GrainId, int Version, byte[] Payload)
{
    private const int FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "AIGS"u8;

    /// <exception cref="InvalidDataException">The bytes are not a grain state file of the known format.</exception>
    public static LegacyGrainStateFile Parse(byte[] contents, string path)
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

            return new LegacyGrainStateFile(grainId, version, payload);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException($"'{path}' is truncated.", exception);
        }
    }
}
