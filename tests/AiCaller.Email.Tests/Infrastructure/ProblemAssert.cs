using System.Net;
using System.Text.Json;

namespace AiCaller.Email.Tests.Infrastructure;

public static class ProblemAssert
{
    /// <summary>Asserts a problem+json answer with the given status and code; returns its detail.</summary>
    public static async Task<string> IsProblem(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem.GetProperty("detail").GetString() ?? string.Empty;
    }
}
