// The JSON API as an OpenAPI 3.1 document (GET /api/openapi.json). Query parameters are generated from
// the same zod schemas the routes validate with, so the document cannot drift from what is accepted.

import { z } from 'zod';
import { articleQuery, storyQuery, trendQuery } from './routes/api.ts';
import { viewParams } from './view-scope.ts';
import { alertPatchSchema } from '../../services/alerts/alert-input.ts';

type Json = Record<string, unknown>;

function queryParameters(schema: z.ZodObject, extra: Json[] = []): Json[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Json>; required?: string[] };
  return [
    ...Object.entries(json.properties).map(([name, s]) => ({ name, in: 'query', required: json.required?.includes(name) ?? false, schema: s })),
    ...extra,
  ];
}

const idPath = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const errors = {
  400: { description: 'Invalid input: `{"error": "invalid request: field: reason"}`', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
};
const write = { security: [{ bearer: [] }], responses: { 401: { description: 'No or wrong token' }, 403: { description: 'Writes disabled (no ADMIN_TOKEN set)' } } };

function op(summary: string, o: Json = {}): Json {
  const responses = { 200: ok(summary), ...errors, ...((o.responses as Json) ?? {}) };
  return { summary, ...o, responses };
}

const alertBody = (required: string[]) => ({
  content: { 'application/json': { schema: { ...(z.toJSONSchema(alertPatchSchema, { io: 'input', unrepresentable: 'any' }) as Json), required } } },
});
const pageParams = [
  { name: 'unread', in: 'query', schema: { type: 'string', enum: ['0', '1'] } },
  { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
  { name: 'before', in: 'query', schema: { type: 'integer', minimum: 1 }, description: 'notification id to page back from' },
];

const VIEW_NOTE = 'A view: range (7d, 30d, 90d, 1y, or custom with from/to as YYYY-MM-DD), category, place (any spelling the gazetteer knows; a province includes its districts), actor (any alias), source, and q in the alert query language.';

/** The OpenAPI document for this version of the API. */
export function openApiDocument(): Json {
  return {
    openapi: '3.1.0',
    info: { title: 'Frontier Watch API', version: '1', description: 'Incidents, coverage, search, stories, feeds, corrections and alerts. Reads are open unless READ_ACCESS=protected; writes need `Authorization: Bearer $ADMIN_TOKEN`.' },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The ADMIN_TOKEN' } },
      schemas: { Error: { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] } },
    },
    paths: {
      '/api/overview': { get: op('Overview figures for a view: trend by category (incidents or articles), casualties with reported ranges, comparison with the previous period, provinces, places, actors, claims, sources, latest stories, coverage health', { description: VIEW_NOTE, parameters: queryParameters(viewParams) }) },
      '/api/search': {
        get: op('Articles or stories matching a view, newest first, 25 a page, with highlighted snippets; format=csv|json exports the whole view (up to 5,000 rows)', {
          description: VIEW_NOTE,
          parameters: queryParameters(viewParams, [
            { name: 'kind', in: 'query', schema: { type: 'string', enum: ['articles', 'stories'], default: 'articles' } },
            { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 400, default: 1 } },
            { name: 'format', in: 'query', schema: { type: 'string', enum: ['html', 'json', 'csv'], default: 'html' } },
          ]),
        }),
      },
      '/api/articles': { get: op('Articles, newest first (the contract in DESIGN.md)', { parameters: queryParameters(articleQuery) }) },
      '/api/articles/{id}': { get: op('One article with its labels and their evidence', { parameters: [idPath], responses: { 404: { description: 'No such article' } } }) },
      '/api/articles/{id}/labels': {
        post: op('Correct one category label of an article (kept across reclassification)', {
          ...write, parameters: [idPath],
          requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['category', 'applies'], properties: { category: { type: 'string' }, applies: { type: 'boolean' }, note: { type: 'string', maxLength: 500 } } } } } },
        }),
      },
      '/api/articles/{id}/split': { post: op('Move an article out of its story into a story of its own', { ...write, parameters: [idPath] }) },
      '/api/stories': { get: op('Stories (incidents), newest first', { parameters: queryParameters(storyQuery) }) },
      '/api/stories/{id}': { get: op('One story with its reports, reconciled figures and corrections', { parameters: [idPath] }) },
      '/api/stories/{id}/merge': {
        post: op('Merge this story into another', { ...write, parameters: [idPath], requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['into'], properties: { into: { type: 'integer' }, note: { type: 'string' } } } } } } }),
      },
      '/api/trends': { get: op('Counts per day or week and category, by stories (incidents) or articles (coverage)', { parameters: queryParameters(trendQuery) }) },
      '/api/feeds': {
        get: op('Every feed with its status, last poll, last error, error streak, next check and item counts'),
        post: op('Add a feed', { ...write, requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['url'], properties: { url: { type: 'string', format: 'uri' }, name: { type: 'string' }, interval: { type: 'integer', description: 'minutes' } } } } } }, responses: { 201: ok('The feed'), 409: { description: 'Already present' } } }),
      },
      '/api/feeds/{id}': {
        patch: op('Enable or disable a feed', { ...write, parameters: [idPath], requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['enabled'], properties: { enabled: { type: 'boolean' } } } } } } }),
        delete: op('Remove a feed (its articles stay)', { ...write, parameters: [idPath], responses: { 204: { description: 'Removed' }, 404: { description: 'No such feed' } } }),
      },
      '/api/feeds/import': { post: op('Import the feeds of an OPML document (the request body, text/xml)', { ...write, requestBody: { content: { 'text/xml': { schema: { type: 'string' } } } } }) },
      '/api/feeds/export.opml': { get: { summary: 'All feeds as OPML 2.0', security: [{ bearer: [] }], responses: { 200: { description: 'OPML', content: { 'text/x-opml': {} } } } } },
      '/api/alerts': {
        get: op('Every alert with its notification, unread and failed-delivery counts (webhook secret and feed token only with the admin token), and the unread total'),
        post: op('Create an alert (name and query required; see README "Alerts" for every field)', { ...write, requestBody: alertBody(['name', 'query']), responses: { 201: ok('The alert, with its webhook secret and feed token') } }),
      },
      '/api/alerts/preview': {
        get: op('What a query would have notified in the last 30 days, with the match stage\'s own matcher', {
          parameters: [
            { name: 'query', in: 'query', required: true, schema: { type: 'string', maxLength: 2000 } },
            { name: 'scope', in: 'query', schema: { type: 'string', enum: ['story', 'article'], default: 'story' } },
          ],
        }),
      },
      '/api/alerts/{id}': {
        get: op('One alert', { parameters: [idPath], responses: { 404: { description: 'No such alert' } } }),
        patch: op('Change an alert (only the fields given)', { ...write, parameters: [idPath], requestBody: alertBody([]) }),
        delete: op('Remove an alert with its notifications and deliveries', { ...write, parameters: [idPath], responses: { 204: { description: 'Removed' } } }),
      },
      '/api/alerts/{id}/test': { post: op('Queue a sample notification on every channel of the alert', { ...write, parameters: [idPath], responses: { 202: ok('{"notificationId", "deliveries"}') } }) },
      '/api/alerts/{id}/notifications': { get: op('The alert\'s notifications, newest first', { parameters: [idPath, ...pageParams] }) },
      '/api/inbox': { get: op('Notifications of every alert, newest first, and the unread count', { parameters: pageParams }) },
      '/api/inbox/read': {
        post: op('Mark notifications read: the ids given, or all of one alert, or all', { ...write, requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { ids: { type: 'array', items: { type: 'integer' } }, alertId: { type: 'integer' } } } } } } }),
      },
      '/api/deliveries': {
        get: op('Deliveries (webhook, email) with status, attempts and last error', {
          parameters: [
            { name: 'status', in: 'query', schema: { type: 'string', enum: ['pending', 'sending', 'sent', 'failed'] } },
            { name: 'alertId', in: 'query', schema: { type: 'integer', minimum: 1 } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
          ],
        }),
      },
      '/api/deliveries/{id}/retry': { post: op('Send a failed delivery again', { ...write, parameters: [idPath], responses: { 202: ok('{"id", "retries"}'), 409: { description: 'Not failed' } } }) },
      '/alerts/{id}/feed.xml': {
        get: { summary: 'The alert\'s Atom feed (opened by its token, not by sign-in)', parameters: [idPath, { name: 'token', in: 'query', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'Atom 1.0', content: { 'application/atom+xml': {} } }, 404: { description: 'No such alert, or a wrong token' } } },
      },
      '/healthz': { get: { summary: 'Liveness', responses: { 200: { description: '{"ok":true}' } } } },
      '/readyz': { get: { summary: 'Readiness: Postgres and Redis reachable', responses: { 200: { description: 'Both up' }, 503: { description: 'One is down' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics (admin)', security: [{ bearer: [] }], responses: { 200: { description: 'text/plain exposition format' } } } },
    },
  };
}
