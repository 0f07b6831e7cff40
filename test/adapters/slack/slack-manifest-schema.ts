// Slack's app manifest format (v1), as zod: the parts Service Coach uses, with Slack's own limits
// (from slackapi/manifest-schema, schemas/manifest.schema.1.0.0.json). Strict objects, so a typo in
// a key fails here instead of at "Create an app → From a manifest".
import { z } from 'zod';

const httpUrl = z.string().regex(/^https?:\/\//).max(3000);

export const slackManifestSchema = z
  .object({
    _metadata: z.object({ major_version: z.number().int().optional(), minor_version: z.number().int().optional() }).strict().optional(),
    display_information: z
      .object({
        name: z.string().min(1).max(35),
        description: z.string().min(1).max(140).optional(),
        background_color: z.string().regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/).optional(),
        long_description: z.string().min(175).max(4000).optional(),
      })
      .strict(),
    features: z
      .object({
        app_home: z.object({ home_tab_enabled: z.boolean().optional(), messages_tab_enabled: z.boolean().optional(), messages_tab_read_only_enabled: z.boolean().optional() }).strict().optional(),
        bot_user: z.object({ display_name: z.string().min(1).max(80), always_online: z.boolean().optional() }).strict().optional(),
        slash_commands: z
          .array(
            z
              .object({
                command: z.string().min(2).max(32).regex(/^\//),
                url: httpUrl.optional(),
                description: z.string().min(1).max(2000),
                usage_hint: z.string().min(1).max(1000).optional(),
                should_escape: z.boolean().optional(),
              })
              .strict(),
          )
          .min(1)
          .max(50)
          .optional(),
      })
      .strict()
      .optional(),
    oauth_config: z
      .object({
        redirect_urls: z.array(z.string().max(2500)).optional(),
        scopes: z.object({ bot: z.array(z.string().max(50)).max(255).optional(), user: z.array(z.string().max(50)).max(255).optional() }).strict().optional(),
        token_management_enabled: z.boolean().optional(),
      })
      .strict()
      .optional(),
    settings: z
      .object({
        event_subscriptions: z
          .object({ request_url: httpUrl.max(3500).optional(), bot_events: z.array(z.string().max(50)).max(100).optional(), user_events: z.array(z.string().max(50)).max(100).optional() })
          .strict()
          .optional(),
        interactivity: z.object({ is_enabled: z.boolean(), request_url: httpUrl.max(3500).optional(), message_menu_options_url: httpUrl.max(3500).optional() }).strict().optional(),
        org_deploy_enabled: z.boolean().optional(),
        socket_mode_enabled: z.boolean().optional(),
        token_rotation_enabled: z.boolean().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
