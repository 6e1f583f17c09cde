/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-campaign-store"

#include <json-glib/json-glib.h>

#include "sd-i18n.h"

#include "sd-campaign-store-private.h"
#include "sd-error.h"
#include "sd-outbox-store-private.h"

#define CAMPAIGN_COLUMNS \
  "id, name, state, template_code, body, opt_out_text, custom_fields, coupon, audience_kind, " \
  "audience_value, holdout_percent, holdout_seed, scheduled_at, attribution_days, " \
  "price_per_part_mfen, pause_reason, coalesce (created_by, 0), created_at, updated_at, " \
  "confirmed_at, started_at, finished_at"

/* ---- The audience value and custom fields as JSON ---- */

static char *
node_to_text (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static char *
custom_fields_to_json (GHashTable *fields)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) keys = fields ? g_hash_table_get_keys (fields) : NULL;

  /* Sorted, so that the same fields are always stored the same. */
  keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);
  json_builder_begin_object (builder);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_string_value (builder, g_hash_table_lookup (fields, l->data));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return node_to_text (root);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL || *text == '\0' || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}

static void
custom_fields_from_json (GHashTable *fields,
                         const char *text)
{
  g_autoptr(JsonNode) root = parse_json (text);
  JsonObject *object;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  object = json_node_get_object (root);
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
      g_hash_table_replace (fields, g_strdup (name), g_strdup (json_node_get_string (value)));
}

static char *
audience_value_to_text (const SdCampaign *campaign)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;

  switch (campaign->audience_kind)
    {
    case SD_AUDIENCE_GRADE:
      return g_strdup_printf ("%d", campaign->grade);
    case SD_AUDIENCE_SEGMENT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, campaign->segment_id);
    case SD_AUDIENCE_TAGS:
    case SD_AUDIENCE_CUSTOMERS:
      builder = json_builder_new ();
      json_builder_begin_array (builder);
      if (campaign->audience_kind == SD_AUDIENCE_TAGS)
        for (guint i = 0; campaign->tags != NULL && campaign->tags[i] != NULL; i++)
          json_builder_add_string_value (builder, campaign->tags[i]);
      else
        for (guint i = 0; campaign->customer_ids != NULL && i < campaign->customer_ids->len; i++)
          json_builder_add_int_value (builder, g_array_index (campaign->customer_ids, gint64, i));
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      return node_to_text (root);
    case SD_AUDIENCE_ALL:
    default:
      return g_strdup ("");
    }
}

static void
audience_value_from_text (SdCampaign *campaign,
                          const char *text)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  switch (campaign->audience_kind)
    {
    case SD_AUDIENCE_GRADE:
      campaign->grade = (int) g_ascii_strtoll (text, NULL, 10);
      return;
    case SD_AUDIENCE_SEGMENT:
      campaign->segment_id = g_ascii_strtoll (text, NULL, 10);
      return;
    case SD_AUDIENCE_TAGS:
    case SD_AUDIENCE_CUSTOMERS:
      root = parse_json (text);
      if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
        return;
      array = json_node_get_array (root);
      if (campaign->audience_kind == SD_AUDIENCE_TAGS)
        {
          g_autoptr(GStrvBuilder) tags = g_strv_builder_new ();
          for (guint i = 0; i < json_array_get_length (array); i++)
            g_strv_builder_add (tags, json_array_get_string_element (array, i));
          g_strfreev (campaign->tags);
          campaign->tags = g_strv_builder_end (tags);
        }
      else
        {
          g_clear_pointer (&campaign->customer_ids, g_array_unref);
          campaign->customer_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              gint64 id = json_array_get_int_element (array, i);
              g_array_append_val (campaign->customer_ids, id);
            }
        }
      return;
    case SD_AUDIENCE_ALL:
    default:
      return;
    }
}

/* ---- Campaign rows ---- */

static void
replace_string (char       **field,
                char        *value)
{
  g_free (*field);
  *field = value;
}

static gpointer
read_campaign (SdStmt *stmt)
{
  SdCampaign *campaign = sd_campaign_new ();
  g_autofree char *state = _sd_column_dup (stmt, 2);
  g_autofree char *kind = _sd_column_dup (stmt, 8);
  g_autofree char *fields = _sd_column_dup (stmt, 6);
  g_autofree char *value = _sd_column_dup (stmt, 9);

  campaign->id = sd_stmt_column_int64 (stmt, 0);
  replace_string (&campaign->name, _sd_column_dup (stmt, 1));
  sd_campaign_state_from_string (state, &campaign->state);
  replace_string (&campaign->template_code, _sd_column_dup (stmt, 3));
  replace_string (&campaign->body, _sd_column_dup (stmt, 4));
  replace_string (&campaign->opt_out_text, _sd_column_dup (stmt, 5));
  custom_fields_from_json (campaign->custom_fields, fields);
  replace_string (&campaign->coupon, _sd_column_dup (stmt, 7));
  sd_audience_kind_from_string (kind, &campaign->audience_kind);
  audience_value_from_text (campaign, value);
  campaign->holdout_percent = sd_stmt_column_int (stmt, 10);
  campaign->holdout_seed = (guint32) sd_stmt_column_int64 (stmt, 11);
  campaign->scheduled_at = sd_stmt_column_int64 (stmt, 12);
  campaign->attribution_days = sd_stmt_column_int (stmt, 13);
  campaign->price_per_part_mfen = sd_stmt_column_int64 (stmt, 14);
  replace_string (&campaign->pause_reason, _sd_column_dup (stmt, 15));
  campaign->created_by = sd_stmt_column_int64 (stmt, 16);
  campaign->created_at = sd_stmt_column_int64 (stmt, 17);
  campaign->updated_at = sd_stmt_column_int64 (stmt, 18);
  campaign->confirmed_at = sd_stmt_column_int64 (stmt, 19);
  campaign->started_at = sd_stmt_column_int64 (stmt, 20);
  campaign->finished_at = sd_stmt_column_int64 (stmt, 21);
  return campaign;
}

static gboolean
not_found (gint64   id,
           GError **error)
{
  g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no campaign with id %lld."), (long long) id);
  return FALSE;
}

/* Binds the fields a draft's owner edits, ?2 … ?13. */
static void
bind_draft (SdStmt     *stmt,
            const SdCampaign *campaign)
{
  g_autofree char *fields = custom_fields_to_json (campaign->custom_fields);
  g_autofree char *value = audience_value_to_text (campaign);

  sd_stmt_bind_text (stmt, 2, campaign->name);
  sd_stmt_bind_text (stmt, 3, campaign->template_code);
  sd_stmt_bind_text (stmt, 4, campaign->body);
  sd_stmt_bind_text (stmt, 5, campaign->opt_out_text);
  /* Bound as copies: both strings go with this function. */
  sd_stmt_bind_text_copy (stmt, 6, fields, -1);
  sd_stmt_bind_text (stmt, 7, campaign->coupon);
  sd_stmt_bind_text (stmt, 8, sd_audience_kind_to_string (campaign->audience_kind));
  sd_stmt_bind_text_copy (stmt, 9, value, -1);
  sd_stmt_bind_int (stmt, 10, campaign->holdout_percent);
  sd_stmt_bind_int64 (stmt, 11, campaign->holdout_seed);
  sd_stmt_bind_int64 (stmt, 12, campaign->scheduled_at);
  sd_stmt_bind_int (stmt, 13, campaign->attribution_days);
}

gint64
_sd_campaign_store_insert (SdDb             *db,
                           const SdCampaign *campaign,
                           GError          **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO campaigns (created_by, name, template_code, body, opt_out_text, custom_fields, coupon, "
      "  audience_kind, audience_value, holdout_percent, holdout_seed, scheduled_at, attribution_days, "
      "  created_at, updated_at) "
      "VALUES (nullif (?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)", error);

  if (stmt == NULL)
    return 0;
  sd_stmt_bind_int64 (stmt, 1, campaign->created_by);
  bind_draft (stmt, campaign);
  sd_stmt_bind_int64 (stmt, 14, campaign->created_at);
  if (!_sd_db_step_done (db, stmt, error))
    return 0;
  return _sd_db_last_insert_id (db);
}

gboolean
_sd_campaign_store_update (SdDb             *db,
                           const SdCampaign *campaign,
                           GError          **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE campaigns SET name = ?2, template_code = ?3, body = ?4, opt_out_text = ?5, custom_fields = ?6, "
      "  coupon = ?7, audience_kind = ?8, audience_value = ?9, holdout_percent = ?10, holdout_seed = ?11, "
      "  scheduled_at = ?12, attribution_days = ?13, updated_at = ?14 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, campaign->id);
  bind_draft (stmt, campaign);
  sd_stmt_bind_int64 (stmt, 14, campaign->updated_at);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (_sd_db_changes (db) == 0)
    return not_found (campaign->id, error);
  return TRUE;
}

SdCampaign *
_sd_campaign_store_load (SdDb    *db,
                         gint64   id,
                         GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT " CAMPAIGN_COLUMNS " FROM campaigns WHERE id = ?", error);

  if (stmt != NULL)
    sd_stmt_bind_int64 (stmt, 1, id);
  return _sd_db_read_one (db, stmt, read_campaign, id, not_found, _("read a campaign"), error);
}

GPtrArray *
_sd_campaign_store_list (SdDb    *db,
                         GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT " CAMPAIGN_COLUMNS " FROM campaigns ORDER BY created_at DESC, id DESC", error);

  return _sd_db_collect_rows (db, stmt, read_campaign, (GDestroyNotify) sd_campaign_free,
                              _("list the campaigns"), error);
}

gboolean
_sd_campaign_store_delete (SdDb    *db,
                           gint64   id,
                           GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "DELETE FROM campaigns WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (_sd_db_changes (db) == 0)
    return not_found (id, error);
  return TRUE;
}

gboolean
_sd_campaign_store_set_state (SdDb             *db,
                              const SdCampaign *campaign,
                              GError          **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE campaigns SET state = ?2, confirmed_at = ?3, started_at = ?4, finished_at = ?5, "
      "  price_per_part_mfen = ?6, updated_at = ?7 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, campaign->id);
  sd_stmt_bind_text (stmt, 2, sd_campaign_state_to_string (campaign->state));
  sd_stmt_bind_int64 (stmt, 3, campaign->confirmed_at);
  sd_stmt_bind_int64 (stmt, 4, campaign->started_at);
  sd_stmt_bind_int64 (stmt, 5, campaign->finished_at);
  sd_stmt_bind_int64 (stmt, 6, campaign->price_per_part_mfen);
  sd_stmt_bind_int64 (stmt, 7, campaign->updated_at);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (_sd_db_changes (db) == 0)
    return not_found (campaign->id, error);
  return TRUE;
}

gboolean
_sd_campaign_store_next_due (SdDb    *db,
                             gint64   now,
                             gint64  *out_id,
                             GError **error)
{
  /* Due since: a scheduled campaign at its time, one sent at once when it was confirmed.
   * Few campaigns are ever unfinished: no index is needed on state. */
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT id FROM campaigns WHERE state = 'sending' OR (state = 'scheduled' AND scheduled_at <= ?1) "
      "ORDER BY max (scheduled_at, confirmed_at), id LIMIT 1", error);
  int rc;

  *out_id = 0;
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, now);
  rc = sd_stmt_step (stmt);
  if (rc == SD_STMT_ROW)
    *out_id = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_ROW && rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, _("find the campaign due to send"));
      return FALSE;
    }
  return TRUE;
}

gboolean
_sd_campaign_store_withdraw_queued (SdDb    *db,
                                    gint64   id,
                                    gint64   now,
                                    GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE campaign_recipients SET state = 'withdrawn', finished_at = ?2 "
      "WHERE campaign_id = ?1 AND state = 'queued'", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  sd_stmt_bind_int64 (stmt, 2, now);
  return _sd_db_step_done (db, stmt, error);
}

/* ---- SMS settings ---- */

SdSmsSettings *
_sd_sms_settings_store_load (SdDb    *db,
                             GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT send_start_minute, send_end_minute, cap_count, cap_days, opt_out_text, blocked_words, "
      "  test_phone, price_per_part_mfen FROM sms_settings WHERE id = 1", error);
  SdSmsSettings *settings;
  g_autofree char *words = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = sd_stmt_step (stmt);
  if (rc != SD_STMT_ROW)
    {
      _sd_db_set_error (db, error, rc == SD_STMT_DONE ? SQLITE_CORRUPT : rc, _("read the SMS settings"));
      sd_stmt_reset (stmt);
      return NULL;
    }
  settings = g_new0 (SdSmsSettings, 1);
  settings->send_start_minute = sd_stmt_column_int (stmt, 0);
  settings->send_end_minute = sd_stmt_column_int (stmt, 1);
  settings->cap_count = sd_stmt_column_int (stmt, 2);
  settings->cap_days = sd_stmt_column_int (stmt, 3);
  settings->opt_out_text = _sd_column_dup (stmt, 4);
  words = _sd_column_dup (stmt, 5);
  settings->test_phone = _sd_column_dup (stmt, 6);
  settings->price_per_part_mfen = sd_stmt_column_int64 (stmt, 7);
  sd_stmt_reset (stmt);

  /* One word a line; blank lines are nothing. */
  {
    g_auto(GStrv) lines = g_strsplit (words, "\n", -1);
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_strstrip (lines[i]);
        if (*lines[i] != '\0')
          g_strv_builder_add (builder, lines[i]);
      }
    settings->blocked_words = g_strv_builder_end (builder);
  }
  return settings;
}

gboolean
_sd_sms_settings_store_save (SdDb                *db,
                             const SdSmsSettings *settings,
                             GError             **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE sms_settings SET send_start_minute = ?1, send_end_minute = ?2, cap_count = ?3, cap_days = ?4, "
      "  opt_out_text = ?5, blocked_words = ?6, test_phone = ?7, price_per_part_mfen = ?8 WHERE id = 1", error);
  g_autofree char *words = NULL;

  if (stmt == NULL)
    return FALSE;
  words = settings->blocked_words ? g_strjoinv ("\n", settings->blocked_words) : g_strdup ("");
  sd_stmt_bind_int (stmt, 1, settings->send_start_minute);
  sd_stmt_bind_int (stmt, 2, settings->send_end_minute);
  sd_stmt_bind_int (stmt, 3, settings->cap_count);
  sd_stmt_bind_int (stmt, 4, settings->cap_days);
  sd_stmt_bind_text (stmt, 5, settings->opt_out_text);
  sd_stmt_bind_text (stmt, 6, words);
  sd_stmt_bind_text (stmt, 7, settings->test_phone);
  sd_stmt_bind_int64 (stmt, 8, settings->price_per_part_mfen);
  return _sd_db_step_done (db, stmt, error);
}

/* ---- What a message is made of ---- */

gboolean
_sd_campaign_store_gateway (SdDb  *db,
                            char **out_sign_name,
                            char **out_template_code)
{
  g_autoptr(SdSmsGatewayRow) row = _sd_sms_gateway_row_load (db, NULL);

  *out_sign_name = g_strdup (row ? row->sign_name : "");
  *out_template_code = g_strdup (row ? row->template_code : "");
  return row != NULL;
}

void
_sd_campaign_store_grade_names (SdDb *db,
                                char *out_names[5])
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT grade, name FROM tier_grades", NULL);

  for (int i = 0; i < 5; i++)
    out_names[i] = g_strdup ("");
  while (stmt != NULL && sd_stmt_step (stmt) == SD_STMT_ROW)
    {
      int grade = sd_stmt_column_int (stmt, 0);
      if (grade >= 0 && grade < 5)
        replace_string (&out_names[grade], _sd_column_dup (stmt, 1));
    }
  if (stmt != NULL)
    sd_stmt_reset (stmt);
}

gboolean
_sd_campaign_store_grade_enabled (SdDb *db,
                                  int   grade)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT enabled FROM tier_grades WHERE grade = ?", NULL);
  gboolean enabled = FALSE;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int (stmt, 1, grade);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    enabled = sd_stmt_column_int (stmt, 0) != 0;
  sd_stmt_reset (stmt);
  return enabled;
}

/* ---- The audience ---- */

static gboolean
insert_ids (SdDb     *db,
            GArray   *ids,
            GError  **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO campaign_audience (id) SELECT id FROM customers WHERE id = ? ON CONFLICT DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      sd_stmt_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      if (!_sd_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
insert_tags (SdDb               *db,
             const char * const *tags,
             GError            **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO campaign_audience (id) SELECT customer_id FROM customer_tags WHERE tag = ? ON CONFLICT DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      sd_stmt_bind_text (stmt, 1, tags[i]);
      if (!_sd_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
_sd_campaign_store_fill_audience (SdDb             *db,
                                  const SdCampaign *campaign,
                                  GArray           *segment_ids,
                                  GCancellable     *cancellable,
                                  GError          **error)
{
  SdStmt *stmt;

  if (!_sd_db_exec (db, "CREATE TEMP TABLE IF NOT EXISTS campaign_audience (id INTEGER PRIMARY KEY);"
                        "DELETE FROM campaign_audience;", error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  switch (campaign->audience_kind)
    {
    case SD_AUDIENCE_ALL:
      return _sd_db_exec (db, "INSERT INTO campaign_audience (id) SELECT id FROM customers;", error);
    case SD_AUDIENCE_GRADE:
      stmt = _sd_db_prepare (db,
          "INSERT INTO campaign_audience (id) SELECT customer_id FROM customer_standing WHERE tier = ?", error);
      if (stmt == NULL)
        return FALSE;
      sd_stmt_bind_int (stmt, 1, campaign->grade);
      return _sd_db_step_done (db, stmt, error);
    case SD_AUDIENCE_TAGS:
      return insert_tags (db, (const char * const *) campaign->tags, error);
    case SD_AUDIENCE_SEGMENT:
      return insert_ids (db, segment_ids, error);
    case SD_AUDIENCE_CUSTOMERS:
      return insert_ids (db, campaign->customer_ids, error);
    default:
      g_assert_not_reached ();
    }
}

#define AUDIENCE_PAGE 4096

gboolean
_sd_campaign_store_walk_audience (SdDb           *db,
                                  gint64          self,
                                  gint64          cap_since,
                                  gboolean        want_last_item,
                                  SdAudienceFunc  func,
                                  gpointer        user_data,
                                  GCancellable   *cancellable,
                                  GError        **error)
{
  /* One query a page: the opt-out, the frequency cap and the last item are subqueries
   * on indexes (sms_optouts' key, campaign_recipients_sent, orders_customer). */
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT c.id, c.name, c.nick, c.phone, c.phone_state, "
      "  c.sms_opt_out_at > 0 OR (c.phone <> '' AND EXISTS (SELECT 1 FROM sms_optouts o WHERE o.phone = c.phone)), "
      "  c.sms_blocked_at > 0, coalesce (s.tier, -1), "
      "  CASE WHEN ?3 > 0 AND c.phone <> '' THEN (SELECT count(*) FROM campaign_recipients r "
      "    WHERE r.phone = c.phone AND r.accepted_at > 0 AND r.accepted_at > ?3 AND r.campaign_id <> ?2) ELSE 0 END, "
      "  CASE WHEN ?4 <> 0 THEN (SELECT json_extract (items, '$[0].title') FROM orders "
      "    WHERE customer_id = c.id ORDER BY created_at DESC LIMIT 1) END "
      "FROM campaign_audience a JOIN customers c ON c.id = a.id "
      "LEFT JOIN customer_standing s ON s.customer_id = c.id "
      "WHERE a.id > ?1 ORDER BY a.id LIMIT " G_STRINGIFY (AUDIENCE_PAGE), error);
  gint64 after = 0;

  if (stmt == NULL)
    return FALSE;
  for (;;)
    {
      guint rows = 0;
      int rc;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      sd_stmt_bind_int64 (stmt, 1, after);
      sd_stmt_bind_int64 (stmt, 2, self);
      sd_stmt_bind_int64 (stmt, 3, cap_since);
      sd_stmt_bind_int (stmt, 4, want_last_item);
      while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
        {
          SdAudienceRow row = {
            .id = sd_stmt_column_int64 (stmt, 0),
            .name = sd_stmt_column_text (stmt, 1),
            .nick = sd_stmt_column_text (stmt, 2),
            .phone = sd_stmt_column_text (stmt, 3),
            .phone_state = sd_stmt_column_int (stmt, 4),
            .opted_out = sd_stmt_column_int (stmt, 5) != 0,
            .blocked = sd_stmt_column_int (stmt, 6) != 0,
            .tier = sd_stmt_column_int (stmt, 7),
            .recent_sends = sd_stmt_column_int64 (stmt, 8),
            .last_item = sd_stmt_column_text (stmt, 9),
          };
          rows++;
          after = row.id;
          if (!func (&row, user_data, error))
            {
              sd_stmt_reset (stmt);
              return FALSE;
            }
        }
      sd_stmt_reset (stmt);
      if (rc != SD_STMT_DONE)
        {
          _sd_db_set_error (db, error, rc, _("read the campaign’s audience"));
          return FALSE;
        }
      if (rows < AUDIENCE_PAGE)
        return TRUE;
    }
}

gboolean
_sd_campaign_store_insert_recipient (SdDb              *db,
                                     const SdOutboxRow *row,
                                     GError           **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO campaign_recipients (campaign_id, customer_id, phone, state, exclusion, template_param, "
      "  parts, queued_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, row->campaign_id);
  sd_stmt_bind_int64 (stmt, 2, row->customer_id);
  sd_stmt_bind_text (stmt, 3, row->phone ? row->phone : "");
  sd_stmt_bind_text (stmt, 4, sd_recipient_state_to_string (row->state));
  sd_stmt_bind_text (stmt, 5, row->state == SD_RECIPIENT_EXCLUDED ? sd_exclusion_to_string (row->exclusion) : "");
  sd_stmt_bind_text (stmt, 6, row->template_param ? row->template_param : "");
  sd_stmt_bind_int64 (stmt, 7, row->parts);
  sd_stmt_bind_int64 (stmt, 8, row->queued_at);
  return _sd_db_step_done (db, stmt, error);
}

/* After the last step of STMT (RC): reset, and FALSE with an error naming WHAT unless
 * every row was read. */
static gboolean
rows_done (SdDb         *db,
           SdStmt *stmt,
           int           rc,
           const char   *what,
           GError      **error)
{
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, what);
      return FALSE;
    }
  return TRUE;
}

/* ---- Results ---- */

static gboolean
report_counts (SdDb             *db,
               const SdCampaign *campaign,
               SdCampaignReport *report,
               GError          **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT state, exclusion, error_code, count(*), sum (parts) FROM campaign_recipients "
      "WHERE campaign_id = ? GROUP BY state, exclusion, error_code", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, campaign->id);
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      SdRecipientState state;
      SdExclusion exclusion;
      const char *code = sd_stmt_column_text (stmt, 2);
      gint64 count = sd_stmt_column_int64 (stmt, 3);
      gint64 parts = sd_stmt_column_int64 (stmt, 4);

      if (!sd_recipient_state_from_string (sd_stmt_column_text (stmt, 0), &state))
        continue;
      report->by_state[state] += count;
      if (state == SD_RECIPIENT_EXCLUDED &&
          sd_exclusion_from_string (sd_stmt_column_text (stmt, 1), &exclusion))
        report->excluded[exclusion] += count;
      if (state == SD_RECIPIENT_ACCEPTED || state == SD_RECIPIENT_DELIVERED || state == SD_RECIPIENT_FAILED)
        report->parts_billed += parts;
      if (state == SD_RECIPIENT_FAILED)
        {
          const char *key = code != NULL && *code != '\0' ? code : "unknown";
          gint64 *value = g_hash_table_lookup (report->failed_by_code, key);
          if (value == NULL)
            {
              value = g_new0 (gint64, 1);
              g_hash_table_insert (report->failed_by_code, g_strdup (key), value);
            }
          *value += count;
        }
    }
  if (!rows_done (db, stmt, rc, _("count the campaign’s messages"), error))
    return FALSE;
  return TRUE;
}

/* Recipients (accepted or delivered) and holdout, with their buyers, orders and revenue
 * (amount net of refunds) between START and END. */
static gboolean
report_attribution (SdDb             *db,
                    const SdCampaign *campaign,
                    SdCampaignReport *report,
                    GError          **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT holdout, count(*), sum (CASE WHEN n > 0 THEN 1 ELSE 0 END), sum (n), sum (revenue) FROM "
      "  (SELECT r.state = 'holdout' AS holdout, "
      "     (SELECT count(*) FROM orders o WHERE o.customer_id = r.customer_id "
      "        AND o.created_at >= ?2 AND o.created_at < ?3) AS n, "
      "     (SELECT coalesce (sum (o.amount_cents - o.refund_cents), 0) FROM orders o "
      "        WHERE o.customer_id = r.customer_id AND o.created_at >= ?2 AND o.created_at < ?3) AS revenue "
      "   FROM campaign_recipients r "
      "   WHERE r.campaign_id = ?1 AND r.state IN ('accepted', 'delivered', 'holdout')) AS reached "
      "GROUP BY holdout", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, campaign->id);
  sd_stmt_bind_int64 (stmt, 2, report->attribution_start);
  sd_stmt_bind_int64 (stmt, 3, report->attribution_end);
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    {
      gboolean holdout = sd_stmt_column_int (stmt, 0) != 0;
      *(holdout ? &report->holdout : &report->recipients) = sd_stmt_column_int64 (stmt, 1);
      *(holdout ? &report->holdout_buyers : &report->recipient_buyers) = sd_stmt_column_int64 (stmt, 2);
      *(holdout ? &report->holdout_orders : &report->recipient_orders) = sd_stmt_column_int64 (stmt, 3);
      *(holdout ? &report->holdout_revenue_cents : &report->recipient_revenue_cents) = sd_stmt_column_int64 (stmt, 4);
    }
  if (!rows_done (db, stmt, rc, _("read the campaign’s orders"), error))
    return FALSE;
  return TRUE;
}

/* The index of the day (from the first) UTC second AT falls in, or -1. */
static int
day_index (GArray *days,
           gint64  at)
{
  for (guint i = days->len; i > 0; i--)
    if (at >= g_array_index (days, SdCampaignDay, i - 1).day)
      return (int) i - 1;
  return -1;
}

static gboolean
report_days (SdDb             *db,
             const SdCampaign *campaign,
             GTimeZone        *tz,
             SdCampaignReport *report,
             GError          **error)
{
  SdStmt *delivered = NULL;
  SdStmt *orders = NULL;
  g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (report->attribution_start);
  g_autoptr(GDateTime) local = start ? g_date_time_to_timezone (start, tz) : NULL;
  g_autoptr(GDateTime) midnight = NULL;
  int rc;

  if (local == NULL)
    return TRUE;
  midnight = g_date_time_new (tz, g_date_time_get_year (local), g_date_time_get_month (local),
                              g_date_time_get_day_of_month (local), 0, 0, 0);
  for (int i = 0; i <= campaign->attribution_days; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (midnight, i);
      SdCampaignDay entry = { .day = g_date_time_to_unix (day) };
      if (entry.day >= report->attribution_end)
        break;
      g_array_append_val (report->days, entry);
    }

  delivered = _sd_db_prepare (db,
      "SELECT finished_at FROM campaign_recipients WHERE campaign_id = ?1 AND state = 'delivered' "
      "AND finished_at >= ?2 AND finished_at < ?3", error);
  if (delivered == NULL)
    return FALSE;
  sd_stmt_bind_int64 (delivered, 1, campaign->id);
  sd_stmt_bind_int64 (delivered, 2, report->attribution_start);
  sd_stmt_bind_int64 (delivered, 3, report->attribution_end);
  while ((rc = sd_stmt_step (delivered)) == SD_STMT_ROW)
    {
      int i = day_index (report->days, sd_stmt_column_int64 (delivered, 0));
      if (i >= 0)
        g_array_index (report->days, SdCampaignDay, i).delivered++;
    }
  if (!rows_done (db, delivered, rc, _("read the campaign’s deliveries"), error))
    return FALSE;

  orders = _sd_db_prepare (db,
      "SELECT o.created_at, o.amount_cents - o.refund_cents FROM campaign_recipients r "
      "JOIN orders o ON o.customer_id = r.customer_id AND o.created_at >= ?2 AND o.created_at < ?3 "
      "WHERE r.campaign_id = ?1 AND r.state IN ('accepted', 'delivered')", error);
  if (orders == NULL)
    return FALSE;
  sd_stmt_bind_int64 (orders, 1, campaign->id);
  sd_stmt_bind_int64 (orders, 2, report->attribution_start);
  sd_stmt_bind_int64 (orders, 3, report->attribution_end);
  while ((rc = sd_stmt_step (orders)) == SD_STMT_ROW)
    {
      int i = day_index (report->days, sd_stmt_column_int64 (orders, 0));
      if (i >= 0)
        {
          g_array_index (report->days, SdCampaignDay, i).orders++;
          g_array_index (report->days, SdCampaignDay, i).revenue_cents += sd_stmt_column_int64 (orders, 1);
        }
    }
  if (!rows_done (db, orders, rc, _("read the campaign’s orders"), error))
    return FALSE;
  return TRUE;
}

/* When sending started: the campaign's start, else its first accepted message; 0: not yet. */
static gint64
first_accepted (SdDb   *db,
                gint64  id)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT coalesce (min (accepted_at), 0) FROM campaign_recipients WHERE campaign_id = ? AND accepted_at > 0",
      NULL);
  gint64 at = 0;

  if (stmt == NULL)
    return 0;
  sd_stmt_bind_int64 (stmt, 1, id);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    at = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  return at;
}

gboolean
_sd_campaign_store_report (SdDb             *db,
                           const SdCampaign *campaign,
                           GTimeZone        *tz,
                           SdCampaignReport *report,
                           GError          **error)
{
  if (!report_counts (db, campaign, report, error))
    return FALSE;
  report->attribution_start = campaign->started_at > 0 ? campaign->started_at : first_accepted (db, campaign->id);
  if (report->attribution_start == 0)
    return TRUE;
  report->attribution_end = report->attribution_start + (gint64) campaign->attribution_days * 86400;
  return report_attribution (db, campaign, report, error) &&
         report_days (db, campaign, tz, report, error);
}
