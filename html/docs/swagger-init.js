// Starts Swagger UI on the project's own OpenAPI document.  A local file
// rather than an inline script, so that the page's Content-Security-Policy
// can forbid inline scripts.
"use strict";

window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/docs/openapi.yaml",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: "StandaloneLayout",
    // No call to the public validator service: the page must work offline.
    validatorUrl: null,
    // Never load another document named in the page's address.
    queryConfigEnabled: false,
    supportedSubmitMethods: ["get", "head"],
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
    displayRequestDuration: true,
    displayOperationId: true,
    tryItOutEnabled: false
  });
});
