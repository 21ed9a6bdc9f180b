using AiCaller.Email.Grains.Providers.Gmail;

namespace AiCaller.Email.Tests.Providers.Gmail;

/// <summary>Gmail's message resource read into our records.</summary>
public sealed class GmailMessageMapperTests
{
    [Theory]
    [InlineData("SGVsbG8sIFrDtsOrIQ")] // unpadded, as Gmail writes part data
    [InlineData("SGVsbG8sIFrDtsOrIQ==")] // padded, as Gmail writes raw and some part data
    [InlineData("SGVsbG8sIFrDtsOrIQ==\r\n")]
    public void Body_data_is_base64url_padded_or_not(string data)
    {
        var detail = GmailMessageMapper.ToDetail(Message(new GmailMessagePart("0", "text/plain", null, null, new GmailPartBody(null, 13, data), null)));

        Assert.Equal("Hello, Zöë!", detail.Body);
    }

    [Fact]
    public void Body_data_uses_the_url_alphabet()
    {
        // "<<??>>" is "PDw_Pz4-" in base64url and "PDw/Pz4+" in base64.
        var html = new GmailMessagePart("1", "text/html", null, null, new GmailPartBody(null, 6, "PDw_Pz4-"), null);

        Assert.Equal("<<??>>", GmailMessageMapper.ToDetail(Message(html)).BodyHtml);
    }

    private static GmailMessage Message(GmailMessagePart payload) => new("m1", "t1", ["INBOX"], "snippet", "0", payload);
}
