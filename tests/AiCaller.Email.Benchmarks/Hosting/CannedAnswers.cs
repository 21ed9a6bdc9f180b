namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>
/// What Gmail v1 and Graph v1.0 answer to the calls the measured operations make, as files in Hosting/Canned: shapes as
/// PROVIDER-WIRE.md and the emulator write them, Gmail pretty-printed as Google sends it, Graph compact. One message
/// for every id: a reply with a text and an HTML part at Gmail, a text body without attachments at Graph (so that
/// the product makes one call for it, not three). A list of 10 at Gmail, whose metadata comes through the batch endpoint
/// (<see cref="CannedBatchAnswer"/>, written next to the files).
/// </summary>
public static class CannedAnswers
{
    public const string GmailMessageFull = "gmail-message-full.json";
    public const string GmailMessageMetadata = "gmail-message-metadata.json";
    public const string GmailMessagesList = "gmail-messages-list.json";
    public const string GmailMessagesList10 = "gmail-messages-list-10.json";
    public const string GmailSend = "gmail-send.json";
    public const string GraphMessage = "graph-message.json";

    /// <summary>The id of the canned Gmail message (and of the one message its list holds, the first of the list of 10).</summary>
    public const string GmailMessageId = "18c9a1b2c3d4e5f6";

    /// <summary>The id of the canned Graph message, as Graph writes ids (base64 with a padding '=').</summary>
    public const string GraphMessageId =
        "AAMkAGI2TG93AAA3ZmM1LTQ4YzQtNDQ1NS1iYjc1LTA2MmYxNGYwNGI4ZQBGAAAAAACh4zD8ZI1MT4BL4tMU3JbtBwBz2ez8IcQjQ6Ll7ABuDVYMAAAAAAEMAABz2ez8IcQjQ6Ll7ABuDVYMAAAe2b4xAAA=";

    /// <summary>The canned message's subject, which a routed answer must carry to show the product read the canned JSON.</summary>
    public const string Subject = "Re: Call on Tuesday";

    /// <summary>A phrase of the canned body text, which a routed get must carry to show the product decoded the body.</summary>
    public const string BodyPhrase = "Tuesday at ten works for me";

    public const string GmailContentType = "application/json; charset=UTF-8";

    public const string GraphContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Hosting", "Canned");

    public static string Read(string name) => File.ReadAllText(Path.Combine(Folder, name));

    /// <summary>Copies the answers into <paramref name="root"/>, where nginx's workers (which drop root) can read them.</summary>
    public static void CopyTo(string root)
    {
        Directory.CreateDirectory(root);
        foreach (var file in Directory.EnumerateFiles(Folder, "*.json"))
        {
            File.Copy(file, Path.Combine(root, Path.GetFileName(file)), overwrite: true);
        }

        File.WriteAllBytes(Path.Combine(root, CannedBatchAnswer.FileName), CannedBatchAnswer.Build());
    }
}
