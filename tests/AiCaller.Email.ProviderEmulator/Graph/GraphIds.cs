using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>
/// Exchange-shaped ids: long base64 strings (REST form: '/' written '-', '+' written '_', padded) starting
/// <c>AAMkA…</c> for messages and folders and <c>AAQkA…</c> for conversations, with the mailbox GUID inside as real ones have.
/// Graph answers 400 ErrorInvalidIdMalformed for an id that does not decode to that structure and 404 for a
/// well-formed one it cannot find, so message ids are parsed back, not just looked up.
/// </summary>
public static class GraphIds
{
    private const int MessageIdBytes = 104;
    private static readonly byte[] MessageMagic = [0x00, 0x03, 0x24, 0x00];
    private static readonly byte[] ConversationMagic = [0x00, 0x04, 0x24, 0x00];

    public static string Message(Guid mailbox, long sequence)
    {
        var bytes = new byte[MessageIdBytes];
        MessageMagic.CopyTo(bytes, 0);
        Encoding.ASCII.GetBytes(mailbox.ToString("D")).CopyTo(bytes, 4);
        bytes[40] = 0x00;
        bytes[41] = 0x46;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(44, 8), sequence);
        Filler(mailbox, sequence, bytes.AsSpan(52));
        return Encode(bytes);
    }

    /// <summary>False when the id is malformed; otherwise the mailbox and message it names, which may not exist.</summary>
    public static bool TryParseMessage(string id, out Guid mailbox, out long sequence)
    {
        mailbox = Guid.Empty;
        sequence = 0;
        var bytes = Decode(id);
        return bytes is { Length: MessageIdBytes }
            && bytes.AsSpan(0, 4).SequenceEqual(MessageMagic)
            && Guid.TryParseExact(Encoding.ASCII.GetString(bytes, 4, 36), "D", out mailbox)
            && (sequence = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(44, 8))) > 0;
    }

    public static string Conversation(Guid mailbox, long sequence) => Short(ConversationMagic, 0x10, mailbox, sequence);

    /// <summary>Folder ids share the message prefix; the byte after the mailbox GUID (0x2E) tells them apart, as in Exchange's.</summary>
    public static string Folder(Guid mailbox, string wellKnownName) =>
        Short(MessageMagic, 0x2E, mailbox, BitConverter.ToInt64(SHA256.HashData(Encoding.ASCII.GetBytes(wellKnownName)), 0) & long.MaxValue);

    /// <summary>Attachment ids extend their message's id, as Exchange's do (<c>…BEgAQA…</c>).</summary>
    public static string Attachment(string messageId, int index)
    {
        var message = Decode(messageId) ?? [];
        var bytes = new byte[message.Length + 20];
        message.CopyTo(bytes, 0);
        bytes[message.Length] = 0x01;
        bytes[message.Length + 1] = 0x12;
        bytes[message.Length + 2] = 0x00;
        bytes[message.Length + 3] = 0x10;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(message.Length + 4, 4), index);
        return Encode(bytes);
    }

    /// <summary>A change key that moves on with every change to the message.</summary>
    public static string ChangeKey(long sequence, int version)
    {
        var bytes = new byte[22];
        bytes[0] = 0x09;
        bytes[4] = 0x16;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(6, 8), sequence);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(14, 4), version);
        return Convert.ToBase64String(bytes);
    }

    private static string Short(byte[] magic, byte marker, Guid mailbox, long value)
    {
        var bytes = new byte[magic.Length + 36 + 2 + 8 + 16];
        magic.CopyTo(bytes, 0);
        Encoding.ASCII.GetBytes(mailbox.ToString("D")).CopyTo(bytes, magic.Length);
        bytes[magic.Length + 37] = marker;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(magic.Length + 38, 8), value);
        Filler(mailbox, value, bytes.AsSpan(magic.Length + 46));
        return Encode(bytes);
    }

    private static void Filler(Guid mailbox, long value, Span<byte> target)
    {
        var seed = SHA256.HashData(Encoding.ASCII.GetBytes($"{mailbox:N}:{value}"));
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = seed[i % seed.Length];
        }
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).Replace('/', '-').Replace('+', '_');

    private static byte[]? Decode(string id)
    {
        var text = id.Replace('-', '/').Replace('_', '+');
        var buffer = new byte[text.Length];
        return text.Length % 4 == 0 && Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : null;
    }
}
