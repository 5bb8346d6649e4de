using MemoryAssistant.Application.Users.Queries.ExportUserData;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace MemoryAssistant.Api.Controllers;

/// <summary>
/// Streams a <see cref="UserDataExport"/> as an <c>application/zip</c> attachment: the archive is written into the
/// response body as it is made, never held whole. A failure midway aborts the response (the status was sent).
/// </summary>
internal sealed class UserDataExportResult(UserDataExport export) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/zip";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(export.FileName);
        response.Headers.ContentDisposition = disposition.ToString();
        // Personal data: no cache keeps a copy.
        response.Headers.CacheControl = "no-store";
        await export.WriteToAsync(response.Body, context.HttpContext.RequestAborted);
    }
}
