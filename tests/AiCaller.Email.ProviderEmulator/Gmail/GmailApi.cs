namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>gmail.googleapis.com: the Gmail v1 routes the product uses, at Google's paths, and the batch endpoint.</summary>
public static class GmailApi
{
    public static IEndpointRouteBuilder MapGmail(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/gmail/v1/users/{userId}").ExcludeFromDescription();
        users.MapGet("/profile", ProfileApi.Get);
        users.MapGet("/messages", MessagesApi.List);
        users.MapGet("/messages/{id}", MessagesApi.Get);
        users.MapGet("/messages/{messageId}/attachments/{attachmentId}", MessagesApi.GetAttachment);
        users.MapPost("/messages/send", SendApi.SendJsonAsync);
        users.MapGet("/history", HistoryApi.List);

        app.MapPost("/upload/gmail/v1/users/{userId}/messages/send", SendApi.SendUploadAsync).ExcludeFromDescription();
        app.MapPost("/batch/gmail/v1", BatchApi.HandleAsync).ExcludeFromDescription();
        return app;
    }
}
