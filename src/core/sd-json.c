/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-json"

#include "sd-json.h"
#include "sd-values.h"

void
sd_json_add_string (JsonBuilder *builder,
                    const char  *key,
                    const char  *value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value ? value : "");
}

void
sd_json_add_bool (JsonBuilder *builder,
                  const char  *key,
                  gboolean     value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_boolean_value (builder, value);
}

void
sd_json_add_int (JsonBuilder *builder,
                 const char  *key,
                 gint64       value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

void
sd_json_add_iso_time (JsonBuilder *builder,
                      const char  *key,
                      gint64       utc)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *text = NULL;

  json_builder_set_member_name (builder, key);
  if (utc == 0 || (dt = g_date_time_new_from_unix_utc (utc)) == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  local = g_date_time_to_timezone (dt, sd_shop_time_zone ());
  text = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
  json_builder_add_string_value (builder, text);
}

void
sd_json_add_shop_time (JsonBuilder *builder,
                       const char  *key,
                       gint64       utc)
{
  g_autofree char *text = sd_format_time_iso (utc);

  sd_json_add_string (builder, key, text);
}

char *
sd_json_to_text (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
