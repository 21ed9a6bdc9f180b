namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>graph.microsoft.com/v1.0: the mail routes the product uses, for /me and for /users/{id | userPrincipalName}.</summary>
public static class GraphApi
{
    public static IEndpointRouteBuilder MapGraph(this IEndpointRouteBuilder app)
    {
        foreach (var prefix in new[] { "/v1.0/me", "/v1.0/users/{userId}" })
        {
            var user = app.MapGroup(prefix).ExcludeFromDescription();
            user.MapGet("", MeApi.Get);
            user.MapGet("/messages", GraphMessagesApi.List);
            user.MapGet("/mailFolders/{folder}/messages", GraphMessagesApi.List);
            user.MapGet("/messages/{id}", GraphMessagesApi.Get);
            user.MapPatch("/messages/{id}", GraphMessagesApi.UpdateAsync);
            user.MapDelete("/messages/{id}", GraphMessagesApi.Delete);
            user.MapGet("/messages/{id}/attachments", GraphMessagesApi.ListAttachments);
            user.MapGet("/messages/{id}/attachments/{attachmentId}", GraphMessagesApi.GetAttachment);
            user.MapPost("/messages/{id}/attachments", GraphSendApi.AddAttachmentAsync);
            user.MapPost("/messages", GraphSendApi.CreateDraftAsync);
            user.MapPost("/messages/{id}/send", GraphSendApi.SendDraftAsync);
            user.MapPost("/sendMail", GraphSendApi.SendMailAsync);
        }

        // Graph answers an unknown segment with 400, not 404.
        app.Map("/v1.0/{**rest}", (string? rest) =>
            GraphError.BadRequest($"Resource not found for the segment '{(rest ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()}'."))
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>The Graph root as the caller reached it (http://127.0.0.1:PORT/v1.0), for nextLinks and @odata.context.</summary>
    public static string Root(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}/v1.0";

    /// <summary>The path of the user as the request named it: "me" or "users/{id}".</summary>
    public static string UserPath(HttpContext context) =>
        context.GetRouteValue("userId") is string userId ? $"users/{Uri.EscapeDataString(userId)}" : "me";
}
