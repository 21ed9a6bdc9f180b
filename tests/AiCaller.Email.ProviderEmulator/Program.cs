using AiCaller.Email.ProviderEmulator;
using AiCaller.Email.ProviderEmulator.Google;
using AiCaller.Email.ProviderEmulator.Microsoft;

var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls("http://127.0.0.1:9100");
}

var app = EmulatorApp.Build(builder);
app.Lifetime.ApplicationStarted.Register(() =>
{
    var baseUrl = new Uri(app.Urls.First());
    var root = baseUrl.ToString().TrimEnd('/');
    Console.WriteLine($"""
        Provider emulator listening on {root}
          Google client_id:     {GoogleDefaults.ClientId}
          Google client_secret: {GoogleDefaults.ClientSecret}
          Consent page user:    {GoogleDefaults.UserEmail} (editable on the page)
          Microsoft client_id:  {MicrosoftDefaults.ClientId}
          Microsoft secret:     {MicrosoftDefaults.ClientSecret}
          Microsoft user:       {MicrosoftDefaults.UserEmail} (editable on the page), tenant {MicrosoftDefaults.OrganizationTenantId}

        For the AiCaller.Email host:
        {string.Join(Environment.NewLine, ProductSettings.For(baseUrl).Select(e => $"  export {e.Key}='{e.Value}'"))}
        """);
});
app.Run();

/// <summary>Internal, so that test projects referencing both hosts see only the API's Program.</summary>
internal partial class Program;
