// Starts Swagger UI on the instance's own OpenAPI document. validatorUrl null: Swagger UI would
// otherwise send the document's address to validator.swagger.io for a badge (a third-party request).
// "Try it out" is offered for reads only: the calls carry the visitor's own session, like the site.
window.ui = SwaggerUIBundle({
  url: '../openapi.yml',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  supportedSubmitMethods: ['get'],
  defaultModelsExpandDepth: 0,
  showExtensions: true, // x-access: who may call the operation
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout'
});
