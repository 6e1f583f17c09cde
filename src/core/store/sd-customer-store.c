/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-customer-store"

#include "sd-i18n.h"

#include "sd-error.h"
#include "sd-outbox-store-private.h"
#include "sd-schema-private.h"
#include "sd-search-index-private.h"
#include "sd-store-private.h"

SdCustomer *
_sd_store_read_customer_row (SdStmt *stmt)
{
  SdCustomer *c = g_new0 (SdCustomer, 1);
  int i = 0;

  c->id = sd_stmt_column_int64 (stmt, i++);
  c->platform = _sd_column_dup (stmt, i++);
  c->nick = _sd_column_dup (stmt, i++);
  c->name = _sd_column_dup (stmt, i++);
  c->phone = _sd_column_dup (stmt, i++);
  c->phone_state = sd_stmt_column_int (stmt, i++);
  c->email = _sd_column_dup (stmt, i++);
  c->gender = sd_stmt_column_int (stmt, i++);
  c->birthday = _sd_column_dup (stmt, i++);
  c->province = _sd_column_dup (stmt, i++);
  c->city = _sd_column_dup (stmt, i++);
  c->district = _sd_column_dup (stmt, i++);
  c->address = _sd_column_dup (stmt, i++);
  c->source = _sd_column_dup (stmt, i++);
  c->created_at = sd_stmt_column_int64 (stmt, i++);
  c->updated_at = sd_stmt_column_int64 (stmt, i++);
  c->sms_opt_out_at = sd_stmt_column_int64 (stmt, i++);
  c->sms_opt_out_reason = _sd_column_dup (stmt, i++);
  c->total_spent_cents = sd_stmt_column_int64 (stmt, i++);
  c->order_count = sd_stmt_column_int64 (stmt, i++);
  c->first_order_at = sd_stmt_column_int64 (stmt, i++);
  c->last_order_at = sd_stmt_column_int64 (stmt, i++);
  c->refund_count = sd_stmt_column_int64 (stmt, i++);
  /* No standing row (NULL) only for a customer of a bulk load under way: not graded yet. */
  c->tier = sd_stmt_column_is_null (stmt, i) ? -1 : sd_stmt_column_int (stmt, i);
  i++;
  c->tier_pinned = sd_stmt_column_int (stmt, i++) != 0;
  /* The group is not stored: it is the R × F map's. */
  c->rfm_group = sd_rfm_group_for_scores (sd_stmt_column_int (stmt, i), sd_stmt_column_int (stmt, i + 1));
  i += 2;
  c->row_version = sd_stmt_column_int64 (stmt, i++);
  c->tags = g_ptr_array_new_with_free_func (g_free);
  return c;
}

static gboolean
mark_dirty (SdDb    *db,
            gint64   id,
            GError **error)
{
  if (_sd_store_get_bulk (db))
    return TRUE;
  return _sd_search_index_mark_dirty (db, id, error);
}

gint64
_sd_store_count_customers (SdDb *db)
{
  return _sd_db_get_count (db, SD_COUNTER_CUSTOMERS);
}

gint64
_sd_store_find_customer_by_nick (SdDb       *db,
                                 const char *platform,
                                 const char *nick)
{
  SdStmt *stmt;
  gint64 id = 0;

  if (nick == NULL || *nick == '\0')
    return 0;
  stmt = _sd_db_prepare (db, "SELECT id FROM customers WHERE platform = ? AND nick = ? AND nick <> ''", NULL);
  if (stmt == NULL)
    return 0;
  sd_stmt_bind_text (stmt, 1, platform);
  sd_stmt_bind_text (stmt, 2, nick);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    id = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  return id;
}

gint64
_sd_store_find_customer_by_phone (SdDb       *db,
                                  const char *phone)
{
  SdStmt *stmt;
  gint64 id = 0;

  if (phone == NULL || *phone == '\0')
    return 0;
  stmt = _sd_db_prepare (db, "SELECT id FROM customers WHERE phone = ? AND phone_state = 1 ORDER BY id LIMIT 1", NULL);
  if (stmt == NULL)
    return 0;
  sd_stmt_bind_text (stmt, 1, phone);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    id = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  return id;
}

static gboolean
load_tags (SdDb       *db,
           SdCustomer *customer,
           gboolean    sent,
           GError    **error)
{
  static const char sql[] = "SELECT tag FROM customer_tags WHERE customer_id = ? ORDER BY tag";
  SdStmt *stmt = sent ? _sd_db_prepare_held (db, sql, error) : _sd_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, customer->id);
  while (sd_stmt_step (stmt) == SD_STMT_ROW)
    g_ptr_array_add (customer->tags, _sd_column_dup (stmt, 0));
  sd_stmt_reset (stmt);
  return TRUE;
}

static gboolean
load_notes (SdDb       *db,
            SdCustomer *customer,
            GError    **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT n.id, n.author_id, coalesce (s.display_name, n.author_name), n.body, n.created_at "
      "FROM customer_notes n LEFT JOIN staff s ON s.id = n.author_id "
      "WHERE n.customer_id = ? ORDER BY n.created_at, n.id", error);

  if (stmt == NULL)
    return FALSE;
  customer->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_note_free);
  sd_stmt_bind_int64 (stmt, 1, customer->id);
  while (sd_stmt_step (stmt) == SD_STMT_ROW)
    {
      SdNote *note = g_new0 (SdNote, 1);
      note->id = sd_stmt_column_int64 (stmt, 0);
      note->customer_id = customer->id;
      note->author_id = sd_stmt_column_int64 (stmt, 1);
      note->author_name = _sd_column_dup (stmt, 2);
      note->body = _sd_column_dup (stmt, 3);
      note->created_at = sd_stmt_column_int64 (stmt, 4);
      g_ptr_array_add (customer->notes, note);
    }
  sd_stmt_reset (stmt);
  return TRUE;
}

static void
set_not_found (GError **error,
               gint64   id)
{
  g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no customer with id %lld."), (long long) id);
}

gboolean
_sd_store_customer_exists (SdDb    *db,
                           gint64   id,
                           GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT 1 FROM customers WHERE id = ?", error);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  found = sd_stmt_step (stmt) == SD_STMT_ROW;
  sd_stmt_reset (stmt);
  if (!found)
    set_not_found (error, id);
  return found;
}

SdCustomer *
_sd_store_load_customer (SdDb     *db,
                         gint64    id,
                         gboolean  with_notes,
                         GError  **error)
{
  g_autoptr(SdCustomer) customer = NULL;
  static const char sql[] = "SELECT " CUSTOMER_COLUMNS " FROM customers LEFT " STANDING_JOIN " WHERE customers.id = ?";
  SdCopyBuffer *held = _sd_db_held_rows (db);
  /* A bulk load meets its own customers again (a second row of one buyer): one sent
   * already, with its tags, needs none of the rows held back. Its notes may be held. */
  gboolean sent = held != NULL && !with_notes && id < _sd_copy_buffer_first_customer (held);
  SdStmt *stmt = sent ? _sd_db_prepare_held (db, sql, error) : _sd_db_prepare (db, sql, error);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, id);
  if (sd_stmt_step (stmt) != SD_STMT_ROW)
    {
      sd_stmt_reset (stmt);
      set_not_found (error, id);
      return NULL;
    }
  customer = _sd_store_read_customer_row (stmt);
  sd_stmt_reset (stmt);

  if (!load_tags (db, customer, sent, error))
    return NULL;
  if (with_notes && !load_notes (db, customer, error))
    return NULL;
  return g_steal_pointer (&customer);
}

static void
bind_customer_fields (SdStmt     *stmt,
                      const SdCustomer *c)
{
  int i = 1;

  sd_stmt_bind_text (stmt, i++, c->platform);
  sd_stmt_bind_text (stmt, i++, c->nick);
  sd_stmt_bind_text (stmt, i++, c->name);
  sd_stmt_bind_text (stmt, i++, c->phone);
  sd_stmt_bind_int (stmt, i++, c->phone_state);
  sd_stmt_bind_text (stmt, i++, c->email);
  sd_stmt_bind_int (stmt, i++, c->gender);
  sd_stmt_bind_text (stmt, i++, c->birthday);
  sd_stmt_bind_text (stmt, i++, c->province);
  sd_stmt_bind_text (stmt, i++, c->city);
  sd_stmt_bind_text (stmt, i++, c->district);
  sd_stmt_bind_text (stmt, i++, c->address);
  sd_stmt_bind_text (stmt, i++, c->source);
  sd_stmt_bind_int64 (stmt, i++, c->created_at);
  sd_stmt_bind_int64 (stmt, i++, c->updated_at);
  sd_stmt_bind_int64 (stmt, i++, c->sms_opt_out_at);
  sd_stmt_bind_text (stmt, i++, c->sms_opt_out_reason);
}

static gboolean
insert_tags (SdDb             *db,
             const SdCustomer *customer,
             GError          **error)
{
  for (guint i = 0; customer->tags && i < customer->tags->len; i++)
    if (!_sd_store_add_tag (db, customer->id, g_ptr_array_index (customer->tags, i), NULL, error))
      return FALSE;
  return TRUE;
}

/* A bulk load's customer, held back for COPY: its id drawn now, its tags with it. */
static gboolean
hold_customer (SdDb          *db,
               SdCopyBuffer  *held,
               SdCustomer    *c,
               GError       **error)
{
  gint64 id = _sd_db_held_customer_id (db, error);

  if (id == 0)
    return FALSE;
  c->id = id;
  _sd_copy_buffer_begin_row (held);
  _sd_copy_buffer_int (held, id);
  _sd_copy_buffer_text (held, c->platform);
  _sd_copy_buffer_text (held, c->nick);
  _sd_copy_buffer_text (held, c->name);
  _sd_copy_buffer_text (held, c->phone);
  _sd_copy_buffer_int (held, c->phone_state);
  _sd_copy_buffer_text (held, c->email);
  _sd_copy_buffer_int (held, c->gender);
  _sd_copy_buffer_text (held, c->birthday);
  _sd_copy_buffer_text (held, c->province);
  _sd_copy_buffer_text (held, c->city);
  _sd_copy_buffer_text (held, c->district);
  _sd_copy_buffer_text (held, c->address);
  _sd_copy_buffer_text (held, c->source);
  _sd_copy_buffer_int (held, c->created_at);
  _sd_copy_buffer_int (held, c->updated_at);
  _sd_copy_buffer_int (held, c->sms_opt_out_at);
  _sd_copy_buffer_text (held, c->sms_opt_out_reason);
  _sd_copy_buffer_end_row (held, SD_COPY_CUSTOMERS);
  _sd_copy_buffer_note_customer (held, id);
  for (guint i = 0; c->tags && i < c->tags->len; i++)
    {
      const char *tag = g_ptr_array_index (c->tags, i);
      gboolean twice = FALSE;

      /* The statement's ON CONFLICT DO NOTHING: a tag given twice is one tag. */
      for (guint j = 0; j < i && !twice; j++)
        twice = g_strcmp0 (g_ptr_array_index (c->tags, j), tag) == 0;
      if (twice)
        continue;
      _sd_copy_buffer_begin_row (held);
      _sd_copy_buffer_int (held, id);
      _sd_copy_buffer_text (held, tag);
      _sd_copy_buffer_end_row (held, SD_COPY_TAGS);
    }
  _sd_db_count (db, SD_COUNTER_CUSTOMERS, 1);
  return _sd_db_held_rows_check (db, error);
}

static gboolean insert_customer_now (SdDb       *db,
                                     SdCustomer *customer,
                                     GError    **error);

gboolean
_sd_store_insert_customer (SdDb       *db,
                           SdCustomer *customer,
                           GError    **error)
{
  SdCopyBuffer *held = _sd_db_held_rows (db);

  if (held != NULL)
    return hold_customer (db, held, customer, error);
  return insert_customer_now (db, customer, error);
}

static gboolean
insert_customer_now (SdDb       *db,
                     SdCustomer *customer,
                     GError    **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "INSERT INTO customers (platform, nick, name, phone, phone_state, email, gender, birthday, "
      "province, city, district, address, source, created_at, updated_at, sms_opt_out_at, "
      "sms_opt_out_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_customer_fields (stmt, customer);
  rc = sd_stmt_step (stmt);
  if (rc != SD_STMT_DONE)
    {
      sd_stmt_reset (stmt);
      if (sd_stmt_rc_is_duplicate (rc))
        {
          g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                       _("A customer with the nick “%s” already exists on %s."), customer->nick, customer->platform);
          return FALSE;
        }
      _sd_db_set_error (db, error, rc, _("add a customer"));
      return FALSE;
    }
  sd_stmt_reset (stmt);
  customer->id = _sd_db_last_insert_id (db);
  customer->row_version = 1;
  _sd_db_count (db, SD_COUNTER_CUSTOMERS, 1);

  return insert_tags (db, customer, error) && mark_dirty (db, customer->id, error);
}

/* The error for a save made from a read older than the stored record: who saved last is
 * not kept, when is. */
static void
set_stale (SdDb             *db,
           const SdCustomer *customer,
           GError          **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT updated_at FROM customers WHERE id = ?", NULL);
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *shown = NULL;

  if (stmt != NULL)
    {
      sd_stmt_bind_int64 (stmt, 1, customer->id);
      if (sd_stmt_step (stmt) == SD_STMT_ROW)
        when = g_date_time_new_from_unix_local (sd_stmt_column_int64 (stmt, 0));
      sd_stmt_reset (stmt);
    }
  if (when == NULL)
    {
      set_not_found (error, customer->id);
      return;
    }
  shown = g_date_time_format (when, "%Y-%m-%d %H:%M:%S");
  g_set_error (error, SD_ERROR, SD_ERROR_STALE,
               _("Someone else saved customer %lld at %s, after this copy was read; nothing was saved over it."),
               (long long) customer->id, shown);
}

gboolean
_sd_store_update_customer (SdDb       *db,
                           SdCustomer *customer,
                           GError    **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE customers SET platform = ?1, nick = ?2, name = ?3, phone = ?4, phone_state = ?5, "
      "email = ?6, gender = ?7, birthday = ?8, province = ?9, city = ?10, district = ?11, "
      "address = ?12, source = ?13, created_at = ?14, updated_at = ?15, sms_opt_out_at = ?16, "
      "sms_opt_out_reason = ?17, row_version = row_version + 1 "
      "WHERE id = ?18 AND (row_version = ?19 OR ?19 = 0)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_customer_fields (stmt, customer);
  sd_stmt_bind_int64 (stmt, 18, customer->id);
  sd_stmt_bind_int64 (stmt, 19, customer->row_version);
  rc = sd_stmt_step (stmt);
  if (rc != SD_STMT_DONE)
    {
      sd_stmt_reset (stmt);
      if (sd_stmt_rc_is_duplicate (rc))
        {
          g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT,
                       _("Another customer already has the nick “%s” on %s."), customer->nick, customer->platform);
          return FALSE;
        }
      _sd_db_set_error (db, error, rc, _("save a customer"));
      return FALSE;
    }
  sd_stmt_reset (stmt);
  if (_sd_db_changes (db) == 0)
    {
      set_stale (db, customer, error);
      return FALSE;
    }
  if (customer->row_version != 0)
    customer->row_version++;
  return insert_tags (db, customer, error) && mark_dirty (db, customer->id, error);
}

gboolean
_sd_store_touch_customer (SdDb    *db,
                          gint64   id,
                          GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "UPDATE customers SET row_version = row_version + 1 WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, id);
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_store_lock_customer (SdDb    *db,
                         gint64   id,
                         GError **error)
{
  return _sd_db_lock_row (db, "SELECT id FROM customers WHERE id = ? FOR UPDATE", id,
                          _("hold a customer for a change"), error);
}

gboolean
_sd_store_add_tag (SdDb        *db,
                   gint64       customer_id,
                   const char  *tag,
                   gboolean    *out_added,
                   GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "INSERT INTO customer_tags (customer_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, customer_id);
  sd_stmt_bind_text (stmt, 2, tag);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (out_added)
    *out_added = _sd_db_changes (db) > 0;
  return TRUE;
}

gboolean
_sd_store_set_tags (SdDb       *db,
                    gint64      customer_id,
                    GPtrArray  *tags,
                    GError    **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "DELETE FROM customer_tags WHERE customer_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, customer_id);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  for (guint i = 0; tags && i < tags->len; i++)
    if (!_sd_store_add_tag (db, customer_id, g_ptr_array_index (tags, i), NULL, error))
      return FALSE;
  return TRUE;
}

gboolean
_sd_store_remove_tag (SdDb        *db,
                      gint64       customer_id,
                      const char  *tag,
                      gboolean    *out_removed,
                      GError     **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "DELETE FROM customer_tags WHERE customer_id = ? AND tag = ?", error);

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, customer_id);
  sd_stmt_bind_text (stmt, 2, tag);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (out_removed)
    *out_removed = _sd_db_changes (db) > 0;
  return TRUE;
}

GPtrArray *
_sd_store_list_tags (SdDb    *db,
                     GError **error)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  SdStmt *stmt = _sd_db_prepare (db, "SELECT DISTINCT tag FROM customer_tags ORDER BY tag", error);

  if (stmt == NULL)
    return NULL;
  while (sd_stmt_step (stmt) == SD_STMT_ROW)
    g_ptr_array_add (tags, _sd_column_dup (stmt, 0));
  sd_stmt_reset (stmt);
  return g_steal_pointer (&tags);
}

gboolean
_sd_store_add_note (SdDb        *db,
                    gint64       customer_id,
                    gint64       author_id,
                    const char  *author_name,
                    const char  *body,
                    gint64       created_at,
                    gint64      *out_note_id,
                    GError     **error)
{
  SdCopyBuffer *held = _sd_db_held_rows (db);
  SdStmt *stmt;

  if (held != NULL && out_note_id == NULL)
    {
      _sd_copy_buffer_begin_row (held);
      _sd_copy_buffer_int (held, customer_id);
      if (author_id > 0)
        _sd_copy_buffer_int (held, author_id);
      else
        _sd_copy_buffer_null (held);
      _sd_copy_buffer_text (held, author_name);
      _sd_copy_buffer_text (held, body);
      _sd_copy_buffer_int (held, created_at);
      _sd_copy_buffer_end_row (held, SD_COPY_NOTES);
      return _sd_db_held_rows_check (db, error) && mark_dirty (db, customer_id, error);
    }
  stmt = _sd_db_prepare (db,
      "INSERT INTO customer_notes (customer_id, author_id, author_name, body, created_at) VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, customer_id);
  if (author_id > 0)
    sd_stmt_bind_int64 (stmt, 2, author_id);
  else
    sd_stmt_bind_null (stmt, 2);
  sd_stmt_bind_text (stmt, 3, author_name);
  sd_stmt_bind_text (stmt, 4, body);
  sd_stmt_bind_int64 (stmt, 5, created_at);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (out_note_id)
    *out_note_id = _sd_db_last_insert_id (db);
  return mark_dirty (db, customer_id, error);
}

gboolean
_sd_store_has_note (SdDb       *db,
                    gint64      customer_id,
                    const char *body)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT 1 FROM customer_notes WHERE customer_id = ? AND body = ?", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, customer_id);
  sd_stmt_bind_text (stmt, 2, body);
  found = sd_stmt_step (stmt) == SD_STMT_ROW;
  sd_stmt_reset (stmt);
  return found;
}

gboolean
_sd_store_delete_note (SdDb    *db,
                       gint64   note_id,
                       GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "DELETE FROM customer_notes WHERE id = ? RETURNING customer_id", error);
  gint64 customer_id = 0;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, note_id);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    customer_id = sd_stmt_column_int64 (stmt, 0);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (customer_id == 0)
    {
      g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("The note no longer exists."));
      return FALSE;
    }
  return mark_dirty (db, customer_id, error);
}

/* A customer's outbox rows of one campaign, furthest along first (then the oldest row):
 * the one a merge keeps when both customers were in the same campaign. The billed states
 * (accepted, delivered, failed) come before the ones that never reached the gateway. */
#define RANKED_ROWS \
  "WITH ranked AS (SELECT id, campaign_id, parts, state IN ('accepted', 'delivered', 'failed') AS billed, " \
  "  row_number () OVER (PARTITION BY campaign_id ORDER BY " \
  "    CASE state WHEN 'delivered' THEN 7 WHEN 'accepted' THEN 6 WHEN 'submitting' THEN 5 " \
  "      WHEN 'failed' THEN 4 WHEN 'queued' THEN 3 WHEN 'withdrawn' THEN 2 WHEN 'holdout' THEN 1 ELSE 0 END DESC, " \
  "    id) AS n " \
  "  FROM campaign_recipients WHERE customer_id = ?1) "

/* The campaign history of OTHER_ID becomes KEEP_ID's, before OTHER_ID is deleted (which
 * would only unlink its rows: customer_id ON DELETE SET NULL, and the report would lose
 * their orders). Where both were in one campaign, one row is left so that the report counts
 * the one person once (as a recipient or held out, never both); the parts billed for the row
 * dropped are added to the one kept, so that the cost stays what the shop paid. The shop's
 * block carries over: the kept customer is blocked when either was (since the earlier). */
static gboolean
merge_campaign_history (SdDb    *db,
                        gint64   keep_id,
                        gint64   other_id,
                        GError **error)
{
  static const char *steps[] = {
    "UPDATE customers SET sms_blocked_at = "
    "  (SELECT min (sms_blocked_at) FROM customers WHERE id IN (?1, ?2) AND sms_blocked_at > 0) "
    "WHERE id = ?1 AND EXISTS (SELECT 1 FROM customers WHERE id = ?2 AND sms_blocked_at > 0)",
    "UPDATE campaign_recipients SET customer_id = ?1 WHERE customer_id = ?2",
    RANKED_ROWS
    "UPDATE campaign_recipients SET parts = parts + "
    "  (SELECT coalesce (sum (r.parts), 0) FROM ranked r "
    "   WHERE r.campaign_id = campaign_recipients.campaign_id AND r.n > 1 AND r.billed) "
    "WHERE id IN (SELECT id FROM ranked WHERE n = 1 AND billed)",
    RANKED_ROWS
    "DELETE FROM campaign_recipients WHERE id IN (SELECT id FROM ranked WHERE n > 1)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      SdStmt *stmt = _sd_db_prepare (db, steps[i], error);
      if (stmt == NULL)
        return FALSE;
      sd_stmt_bind_int64 (stmt, 1, keep_id);
      sd_stmt_bind_int64 (stmt, 2, other_id);
      if (!_sd_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* The kept customer's messages still queued never leave when they are kept out of SMS now
 * (the merge carried a block or an opt-out over), as an opt-out withdraws them at once. */
static gboolean
withdraw_if_kept_out (SdDb             *db,
                      const SdCustomer *merged,
                      GError          **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT sms_blocked_at > 0 FROM customers WHERE id = ?", error);
  gboolean blocked;
  const char *reason;

  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, merged->id);
  blocked = sd_stmt_step (stmt) == SD_STMT_ROW && sd_stmt_column_int (stmt, 0) != 0;
  sd_stmt_reset (stmt);
  reason = blocked ? "blocked" : merged->sms_opt_out_at > 0 ? "opted_out" : NULL;
  return reason == NULL || _sd_outbox_withdraw_customer (db, merged->id, reason, merged->updated_at, error) >= 0;
}

gboolean
_sd_store_merge_customers (SdDb             *db,
                           SdCustomer       *merged,
                           gint64            other_id,
                           GError          **error)
{
  static const char *moves[] = {
    "UPDATE orders SET customer_id = ?1 WHERE customer_id = ?2",
    "UPDATE customer_notes SET customer_id = ?1 WHERE customer_id = ?2",
    "UPDATE conversations SET customer_id = ?1 WHERE customer_id = ?2",
    "UPDATE cases SET customer_id = ?1 WHERE customer_id = ?2",
    "INSERT INTO customer_tags (customer_id, tag) SELECT ?1, tag FROM customer_tags WHERE customer_id = ?2 "
    "ON CONFLICT DO NOTHING",
    "DELETE FROM customer_tags WHERE customer_id = ?2",
  };
  SdStmt *stmt;
  gint64 ids[1] = { merged->id };

  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      stmt = _sd_db_prepare (db, moves[i], error);
      if (stmt == NULL)
        return FALSE;
      sd_stmt_bind_int64 (stmt, 1, merged->id);
      sd_stmt_bind_int64 (stmt, 2, other_id);
      if (!_sd_db_step_done (db, stmt, error))
        return FALSE;
    }
  if (!merge_campaign_history (db, merged->id, other_id, error))
    return FALSE;

  /* The other record goes before the kept one takes its nick, which is unique. */
  stmt = _sd_db_prepare (db, "DELETE FROM customers WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, other_id);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  _sd_db_count (db, SD_COUNTER_CUSTOMERS, -_sd_db_changes (db));
  if (!mark_dirty (db, other_id, error))
    return FALSE;

  if (!_sd_store_update_customer (db, merged, error) ||
      !withdraw_if_kept_out (db, merged, error))
    return FALSE;
  return _sd_store_refresh_aggregates (db, ids, 1, error);
}

gboolean
_sd_store_delete_customer (SdDb    *db,
                           gint64   id,
                           GError **error)
{
  static const char *deletes[] = {
    "DELETE FROM orders WHERE customer_id = ?1",
    "DELETE FROM customer_notes WHERE customer_id = ?1",
    "DELETE FROM customer_tags WHERE customer_id = ?1",
    "DELETE FROM customers WHERE id = ?1",
  };

  if (!_sd_store_customer_exists (db, id, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (deletes); i++)
    {
      SdStmt *stmt = _sd_db_prepare (db, deletes[i], error);
      if (stmt == NULL)
        return FALSE;
      sd_stmt_bind_int64 (stmt, 1, id);
      if (!_sd_db_step_done (db, stmt, error))
        return FALSE;
      if (i == 0)
        _sd_db_count (db, SD_COUNTER_ORDERS, -_sd_db_changes (db));
    }
  _sd_db_count (db, SD_COUNTER_CUSTOMERS, -1);
  return mark_dirty (db, id, error);
}

/* The figures every list shows, from the customer's counted orders. */
gboolean
_sd_store_refresh_aggregates (SdDb         *db,
                              const gint64 *ids,
                              gsize         n_ids,
                              GError      **error)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE customers SET "
      "  (total_spent_cents, order_count, first_order_at, last_order_at, refund_count) = "
      "  (SELECT coalesce (sum (CASE WHEN counted <> 0 THEN amount_cents - refund_cents ELSE 0 END), 0),"
      "          coalesce (sum (counted), 0),"
      "          coalesce (min (CASE WHEN counted <> 0 THEN created_at END), 0),"
      "          coalesce (max (CASE WHEN counted <> 0 THEN created_at END), 0),"
      "          coalesce (sum (refunded), 0)"
      "   FROM orders WHERE customer_id = ?1) "
      "WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  for (gsize i = 0; i < n_ids; i++)
    {
      sd_stmt_bind_int64 (stmt, 1, ids[i]);
      if (!_sd_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  gint64 spent;
  gint64 count;
  gint64 first_at;
  gint64 last_at;
  gint64 refunds;
} Aggregates;

/* Sums one customer's orders from the covering index; *out_next is the next customer's id
 * in the index, or G_MAXINT64 at its end. */
static gboolean
sum_orders (SdDb         *db,
            SdStmt *orders,
            gint64        customer_id,
            gint64       *io_next,
            Aggregates   *out,
            GError      **error)
{
  int rc = SD_STMT_ROW;

  memset (out, 0, sizeof *out);
  while (*io_next == customer_id)
    {
      if (sd_stmt_column_int (orders, 3))
        {
          gint64 created = sd_stmt_column_int64 (orders, 2);
          out->spent += sd_stmt_column_int64 (orders, 1);
          out->count++;
          if (out->first_at == 0 || created < out->first_at)
            out->first_at = created;
          out->last_at = MAX (out->last_at, created);
        }
      out->refunds += sd_stmt_column_int (orders, 4);
      rc = sd_stmt_step (orders);
      *io_next = rc == SD_STMT_ROW ? sd_stmt_column_int64 (orders, 0) : G_MAXINT64;
    }
  if (rc != SD_STMT_ROW && rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, _("add up the orders"));
      return FALSE;
    }
  return TRUE;
}

#define AGGREGATE_CHUNK 8192

typedef struct
{
  gint64     id;
  Aggregates stored;
} StoredFigures;

/* Reads the next chunk of customers after @after_id; the statement is reset before the
 * chunk's rows are written, so no open cursor on the table has to re-seek after each one. */
static gboolean
read_chunk (SdDb          *db,
            SdStmt  *customers,
            gint64         after_id,
            StoredFigures *chunk,
            guint         *out_n,
            GError       **error)
{
  int rc;

  *out_n = 0;
  sd_stmt_reset (customers);
  sd_stmt_bind_int64 (customers, 1, after_id);
  while (*out_n < AGGREGATE_CHUNK && (rc = sd_stmt_step (customers)) == SD_STMT_ROW)
    {
      StoredFigures *f = &chunk[(*out_n)++];
      f->id = sd_stmt_column_int64 (customers, 0);
      f->stored.spent = sd_stmt_column_int64 (customers, 1);
      f->stored.count = sd_stmt_column_int64 (customers, 2);
      f->stored.first_at = sd_stmt_column_int64 (customers, 3);
      f->stored.last_at = sd_stmt_column_int64 (customers, 4);
      f->stored.refunds = sd_stmt_column_int64 (customers, 5);
    }
  if (*out_n < AGGREGATE_CHUNK && rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, _("read the customers"));
      return FALSE;
    }
  sd_stmt_reset (customers);
  return TRUE;
}

/* One pass over the customers and one over the covering orders index, both in customer
 * order, writing only the rows whose figures are wrong (or, dry, counting them): four
 * times faster than the same as UPDATE … FROM (SELECT … GROUP BY) on 5M orders. */
static gboolean
aggregate_pass (SdDb     *db,
                gboolean  dry,
                gint64   *out_wrong,
                GError  **error)
{
  SdStmt *customers = NULL, *orders = NULL, *update;
  g_autofree StoredFigures *chunk = g_new (StoredFigures, AGGREGATE_CHUNK);
  gint64 next_order_customer = G_MAXINT64, after_id = G_MININT64;
  gboolean ok = FALSE;
  guint n;
  int rc;

  *out_wrong = 0;
  update = _sd_db_prepare (db,
      "UPDATE customers SET total_spent_cents = ?2, order_count = ?3, first_order_at = ?4, "
      "last_order_at = ?5, refund_count = ?6 WHERE id = ?1", error);
  if (update == NULL)
    return FALSE;
  /* Two statements stepped side by side: neither may be the other's cached one. */
  customers = _sd_db_prepare_dynamic (db,
      "SELECT id, total_spent_cents, order_count, first_order_at, last_order_at, refund_count "
      "FROM customers WHERE id > ? ORDER BY id", _("add up the orders"), error);
  orders = customers == NULL ? NULL : _sd_db_prepare_dynamic (db,
      "SELECT customer_id, amount_cents - refund_cents, created_at, counted, refunded "
      "FROM orders INDEXED BY orders_customer ORDER BY customer_id", _("add up the orders"), error);
  if (orders == NULL)
    goto out;

  rc = sd_stmt_step (orders);
  if (rc == SD_STMT_ROW)
    next_order_customer = sd_stmt_column_int64 (orders, 0);
  else if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, _("add up the orders"));
      goto out;
    }

  do
    {
      if (!read_chunk (db, customers, after_id, chunk, &n, error))
        goto out;
      for (guint i = 0; i < n; i++)
        {
          Aggregates a;

          /* Orders of customers that no longer exist cannot be: the foreign key keeps them. */
          while (next_order_customer < chunk[i].id)
            if (!sum_orders (db, orders, next_order_customer, &next_order_customer, &a, error))
              goto out;
          if (!sum_orders (db, orders, chunk[i].id, &next_order_customer, &a, error))
            goto out;
          if (memcmp (&a, &chunk[i].stored, sizeof a) == 0)
            continue;
          (*out_wrong)++;
          if (dry)
            continue;
          sd_stmt_bind_int64 (update, 1, chunk[i].id);
          sd_stmt_bind_int64 (update, 2, a.spent);
          sd_stmt_bind_int64 (update, 3, a.count);
          sd_stmt_bind_int64 (update, 4, a.first_at);
          sd_stmt_bind_int64 (update, 5, a.last_at);
          sd_stmt_bind_int64 (update, 6, a.refunds);
          if (!_sd_db_step_done (db, update, error))
            goto out;
        }
      if (n > 0)
        after_id = chunk[n - 1].id;
    }
  while (n == AGGREGATE_CHUNK);
  ok = TRUE;

out:
  g_clear_pointer (&customers, sd_stmt_free);
  g_clear_pointer (&orders, sd_stmt_free);
  return ok;
}

/* A team database's server does the pass as one statement: stepping the orders here would
 * fetch all of them into one result first. */
static gboolean
team_aggregate_pass (SdDb     *db,
                     GError  **error)
{
#define TEAM_FIGURES \
  "(SELECT cu.id, " \
  "  coalesce (sum (o.amount_cents - o.refund_cents) FILTER (WHERE o.counted <> 0), 0) AS spent, " \
  "  count (o.id) FILTER (WHERE o.counted <> 0) AS n, " \
  "  coalesce (min (o.created_at) FILTER (WHERE o.counted <> 0), 0) AS first_at, " \
  "  coalesce (max (o.created_at) FILTER (WHERE o.counted <> 0), 0) AS last_at, " \
  "  coalesce (sum (o.refunded), 0) AS refunds " \
  " FROM customers cu LEFT JOIN orders o ON o.customer_id = cu.id GROUP BY cu.id) AS a"
#define TEAM_WRONG \
  "a.id = c.id AND (c.total_spent_cents, c.order_count, c.first_order_at, c.last_order_at, c.refund_count) " \
  "IS DISTINCT FROM (a.spent, a.n, a.first_at, a.last_at, a.refunds)"
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE customers c SET total_spent_cents = a.spent, order_count = a.n, first_order_at = a.first_at, "
      "last_order_at = a.last_at, refund_count = a.refunds FROM " TEAM_FIGURES " WHERE " TEAM_WRONG, error);
  return stmt != NULL && _sd_db_step_done (db, stmt, error);
#undef TEAM_FIGURES
#undef TEAM_WRONG
}

/* Rewriting most customers through the three sort indexes on the figures costs ten times
 * more than rebuilding those indexes afterwards. */
static const char drop_figure_indexes[] =
  "DROP INDEX IF EXISTS customers_total_spent;"
  "DROP INDEX IF EXISTS customers_order_count;"
  "DROP INDEX IF EXISTS customers_last_order;";

gboolean
_sd_store_rebuild_aggregates (SdDb                *db,
                              SdAggregatesExpect   expect,
                              GError             **error)
{
  gint64 wrong = 0;

  /* The same on a team database, and its trigram indexes too, which every rewritten row
   * (no update of an indexed figure stays in place) would otherwise go through. */
  if (_sd_db_is_team (db) && expect == SD_AGGREGATES_MOST_WRONG)
    return _sd_db_exec (db, drop_figure_indexes, error) &&
           _sd_db_exec (db, _sd_schema_pg_drop_search_indexes, error) &&
           team_aggregate_pass (db, error) &&
           _sd_db_exec (db, _sd_schema_pg_customer_indexes, error) &&
           _sd_db_exec (db, _sd_schema_pg_search_indexes, error);
  if (_sd_db_is_team (db))
    return team_aggregate_pass (db, error);
  if (expect == SD_AGGREGATES_UNKNOWN)
    {
      if (!aggregate_pass (db, TRUE, &wrong, error))
        return FALSE;
      if (wrong == 0)
        return TRUE;
      expect = wrong * 10 > _sd_store_count_customers (db) ? SD_AGGREGATES_MOST_WRONG : SD_AGGREGATES_FEW_WRONG;
    }
  if (expect == SD_AGGREGATES_FEW_WRONG)
    return aggregate_pass (db, FALSE, &wrong, error);

  return _sd_db_exec (db, drop_figure_indexes, error) &&
         aggregate_pass (db, FALSE, &wrong, error) &&
         _sd_db_exec (db, _sd_schema_customer_indexes, error);
}

gboolean
_sd_store_drop_indexes (SdDb      *db,
                        gboolean   customers,
                        gboolean   orders,
                        GError   **error)
{
  if (customers && !_sd_db_exec (db, _sd_schema_drop_customer_indexes, error))
    return FALSE;
  if (customers && _sd_db_is_team (db) && !_sd_db_exec (db, _sd_schema_pg_drop_search_indexes, error))
    return FALSE;
  if (orders && !_sd_db_exec (db, _sd_schema_drop_order_indexes, error))
    return FALSE;
  return TRUE;
}

gboolean
_sd_store_create_order_indexes (SdDb    *db,
                                GError **error)
{
  return _sd_db_exec (db, _sd_schema_order_indexes, error);
}

gboolean
_sd_store_pause_standing (SdDb    *db,
                          GError **error)
{
  if (_sd_db_is_team (db))
    return _sd_db_exec (db, "ALTER TABLE customers DISABLE TRIGGER customers_standing", error);
  return _sd_db_exec (db, "DROP TRIGGER customers_standing", error);
}

/* Every customer without a standing row came after the last one that has one: ids grow,
 * and a customer's row goes with them. */
gboolean
_sd_store_resume_standing (SdDb    *db,
                           GError **error)
{
  /* Read first, not a subquery: a statement reading the table it writes copies its rows
   * aside before writing any. */
  gint64 last = _sd_db_query_int (db, "SELECT coalesce (max (customer_id), 0) FROM customer_standing", -1);
  SdStmt *stmt;

  if (last < 0)
    {
      g_set_error_literal (error, SD_ERROR, SD_ERROR_IO, _("The customers' tiers could not be read."));
      return FALSE;
    }
  stmt = _sd_db_prepare (db, "INSERT INTO customer_standing (customer_id) SELECT id FROM customers WHERE id > ?1 "
                             "ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, last);
  if (!_sd_db_step_done (db, stmt, error))
    return FALSE;
  if (_sd_db_is_team (db))
    return _sd_db_exec (db, "ALTER TABLE customers ENABLE TRIGGER customers_standing", error);
  return _sd_db_exec (db, _sd_schema_standing_trigger, error);
}

gboolean
_sd_store_create_indexes (SdDb    *db,
                          GError **error)
{
  if (!_sd_db_exec (db, _sd_db_is_team (db) ? _sd_schema_pg_customer_indexes : _sd_schema_customer_indexes, error))
    return FALSE;
  if (_sd_db_is_team (db) && !_sd_db_exec (db, _sd_schema_pg_search_indexes, error))
    return FALSE;
  return _sd_db_exec (db, _sd_schema_order_indexes, error);
}

gboolean
_sd_store_create_order_id_index (SdDb    *db,
                                 gint64  *out_doubled,
                                 GError **error)
{
  static const char create[] =
    "CREATE UNIQUE INDEX IF NOT EXISTS orders_platform_id ON orders (platform, platform_order_id)";
  int rc;

  *out_doubled = 0;
  /* A refused statement spoils a team database's whole transaction, unless it ran
   * within a savepoint that takes it back. */
  if (_sd_db_is_team (db) && !_sd_db_exec (db, "SAVEPOINT order_numbers", error))
    return FALSE;
  rc = _sd_db_exec_rc (db, create);
  if (_sd_db_is_team (db) &&
      !_sd_db_exec (db, rc == SQLITE_OK ? "RELEASE order_numbers" : "ROLLBACK TO order_numbers", error))
    return FALSE;
  if (rc == SQLITE_OK)
    return TRUE;
  if ((rc & 0xff) != SQLITE_CONSTRAINT)
    {
      _sd_db_set_error (db, error, rc, _("index the orders"));
      return FALSE;
    }
  if (!_sd_db_exec (db, "DELETE FROM orders WHERE id NOT IN "
                        "(SELECT max (id) FROM orders GROUP BY platform, platform_order_id)", error))
    return FALSE;
  *out_doubled = _sd_db_changes (db);
  _sd_db_count (db, SD_COUNTER_ORDERS, -*out_doubled);
  return _sd_db_exec (db, create, error);
}

void
_sd_store_set_bulk_memory (SdDb     *db,
                           gboolean  bulk)
{
  /* A team database's server sorts in its own memory. */
  if (_sd_db_is_team (db))
    return;
  /* Two statements: SQLite refuses to move temp_store inside a transaction once the temp
   * database is open, and the cache must change whatever it says. A small cache is also
   * the faster one for the index sorts: 4 MB sorts of a million keys in cache-sized runs
   * on two threads take half the time of 16 MB ones. */
  sqlite3_exec (_sd_db_get_handle (db), bulk ? "PRAGMA cache_size = -4096" : "PRAGMA cache_size = -65536",
                NULL, NULL, NULL);
  sqlite3_exec (_sd_db_get_handle (db), bulk ? "PRAGMA temp_store = FILE" : "PRAGMA temp_store = MEMORY",
                NULL, NULL, NULL);
}

gboolean
_sd_store_import_run_find (SdDb        *db,
                           const char  *kind,
                           const char  *fingerprint,
                           SdImportRun *out_run)
{
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT id, rows_done, inserted, updated, unchanged, skipped, customers_created "
      "FROM import_runs WHERE kind = ? AND fingerprint = ? AND finished_at = 0 "
      "ORDER BY id DESC LIMIT 1", NULL);
  gboolean found = FALSE;

  memset (out_run, 0, sizeof *out_run);
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_text (stmt, 1, kind);
  sd_stmt_bind_text (stmt, 2, fingerprint);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    {
      out_run->id = sd_stmt_column_int64 (stmt, 0);
      out_run->rows_done = sd_stmt_column_int64 (stmt, 1);
      out_run->inserted = sd_stmt_column_int64 (stmt, 2);
      out_run->updated = sd_stmt_column_int64 (stmt, 3);
      out_run->unchanged = sd_stmt_column_int64 (stmt, 4);
      out_run->skipped = sd_stmt_column_int64 (stmt, 5);
      out_run->customers_created = sd_stmt_column_int64 (stmt, 6);
      found = TRUE;
    }
  sd_stmt_reset (stmt);
  return found;
}

gboolean
_sd_store_import_run_save (SdDb        *db,
                           const char  *kind,
                           const char  *fingerprint,
                           const char  *file_name,
                           SdImportRun *run,
                           gboolean     finished,
                           GError     **error)
{
  SdStmt *stmt;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (run->id == 0)
    {
      stmt = _sd_db_prepare (db, "INSERT INTO import_runs (kind, fingerprint, file_name, started_at) VALUES (?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sd_stmt_bind_text (stmt, 1, kind);
      sd_stmt_bind_text (stmt, 2, fingerprint);
      sd_stmt_bind_text (stmt, 3, file_name);
      sd_stmt_bind_int64 (stmt, 4, now);
      if (!_sd_db_step_done (db, stmt, error))
        return FALSE;
      run->id = _sd_db_last_insert_id (db);
    }

  stmt = _sd_db_prepare (db,
      "UPDATE import_runs SET rows_done = ?, inserted = ?, updated = ?, unchanged = ?, skipped = ?, "
      "customers_created = ?, finished_at = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sd_stmt_bind_int64 (stmt, 1, run->rows_done);
  sd_stmt_bind_int64 (stmt, 2, run->inserted);
  sd_stmt_bind_int64 (stmt, 3, run->updated);
  sd_stmt_bind_int64 (stmt, 4, run->unchanged);
  sd_stmt_bind_int64 (stmt, 5, run->skipped);
  sd_stmt_bind_int64 (stmt, 6, run->customers_created);
  sd_stmt_bind_int64 (stmt, 7, finished ? now : 0);
  sd_stmt_bind_int64 (stmt, 8, run->id);
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_store_foreach_customer_key (SdDb              *db,
                                SdCustomerKeyFunc  func,
                                gpointer           user_data,
                                GError           **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT id, platform, nick, phone, phone_state FROM customers ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sd_stmt_step (stmt)) == SD_STMT_ROW)
    func (sd_stmt_column_int64 (stmt, 0), sd_stmt_column_text (stmt, 1),
          sd_stmt_column_text (stmt, 2), sd_stmt_column_text (stmt, 3),
          sd_stmt_column_int (stmt, 4), user_data);
  sd_stmt_reset (stmt);
  if (rc != SD_STMT_DONE)
    {
      _sd_db_set_error (db, error, rc, _("read the customers"));
      return FALSE;
    }
  return TRUE;
}
