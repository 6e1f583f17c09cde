/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-order-store"

#include "sd-i18n.h"

#include <json-glib/json-glib.h>

#include "sd-error.h"
#include "sd-store-private.h"

#define ORDER_COLUMNS \
  "id, platform, platform_order_id, customer_id, amount_cents, status, created_at, paid_at, " \
  "modified_at, refund_state, refund_cents, items"

gint64
_sd_store_count_orders (SdDb *db)
{
  return _sd_db_get_count (db, SD_COUNTER_ORDERS);
}

gint64
_sd_store_find_order (SdDb       *db,
                      const char *platform,
                      const char *platform_order_id)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT id FROM orders WHERE platform = ? AND platform_order_id = ?", NULL);
  gint64 id = 0;

  if (stmt == NULL)
    return 0;
  sd_stmt_bind_text (stmt, 1, platform);
  sd_stmt_bind_text (stmt, 2, platform_order_id);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    id = sd_stmt_column_int64 (stmt, 0);
  sd_stmt_reset (stmt);
  return id;
}

/* Items are written for every one of millions of orders: a hand-rolled writer is several
 * times faster than building a JsonNode tree each time. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      guchar c = (guchar) *p;
      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static void
items_to_json (const SdOrder *order,
               GString       *out)
{
  g_string_truncate (out, 0);
  g_string_append_c (out, '[');
  for (guint i = 0; i < order->items->len; i++)
    {
      const SdOrderItem *item = g_ptr_array_index (order->items, i);
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"title\":");
      append_json_string (out, item->title ? item->title : "");
      g_string_append_printf (out, ",\"quantity\":%" G_GINT64_FORMAT ",\"unit_price_cents\":%" G_GINT64_FORMAT "}",
                              item->quantity, item->unit_price_cents);
    }
  g_string_append_c (out, ']');
}

static void
items_from_json (SdOrder    *order,
                 const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return;
  if (!JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return;
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);
      if (object == NULL)
        continue;
      sd_order_add_item (order,
                         json_object_get_string_member_with_default (object, "title", ""),
                         json_object_get_int_member_with_default (object, "quantity", 1),
                         json_object_get_int_member_with_default (object, "unit_price_cents", -1));
    }
}

static SdOrder *
read_order_row (SdStmt *stmt)
{
  SdOrder *order = sd_order_new ();
  int i = 0;

  order->id = sd_stmt_column_int64 (stmt, i++);
  g_free (order->platform);
  order->platform = _sd_column_dup (stmt, i++);
  g_free (order->platform_order_id);
  order->platform_order_id = _sd_column_dup (stmt, i++);
  order->customer_id = sd_stmt_column_int64 (stmt, i++);
  order->amount_cents = sd_stmt_column_int64 (stmt, i++);
  g_free (order->status);
  order->status = _sd_column_dup (stmt, i++);
  order->created_at = sd_stmt_column_int64 (stmt, i++);
  order->paid_at = sd_stmt_column_int64 (stmt, i++);
  order->modified_at = sd_stmt_column_int64 (stmt, i++);
  g_free (order->refund_state);
  order->refund_state = _sd_column_dup (stmt, i++);
  order->refund_cents = sd_stmt_column_int64 (stmt, i++);
  items_from_json (order, sd_stmt_column_text (stmt, i++));
  return order;
}

SdOrder *
_sd_store_load_order (SdDb    *db,
                      gint64   id,
                      GError **error)
{
  SdStmt *stmt = _sd_db_prepare (db, "SELECT " ORDER_COLUMNS " FROM orders WHERE id = ?", error);
  SdOrder *order = NULL;

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, id);
  if (sd_stmt_step (stmt) == SD_STMT_ROW)
    order = read_order_row (stmt);
  else
    g_set_error (error, SD_ERROR, SD_ERROR_NOT_FOUND, _("There is no order with id %lld."), (long long) id);
  sd_stmt_reset (stmt);
  return order;
}

GPtrArray *
_sd_store_list_orders (SdDb    *db,
                       gint64   customer_id,
                       GError **error)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_order_free);
  SdStmt *stmt = _sd_db_prepare (db,
      "SELECT " ORDER_COLUMNS " FROM orders WHERE customer_id = ? ORDER BY created_at DESC, id DESC", error);

  if (stmt == NULL)
    return NULL;
  sd_stmt_bind_int64 (stmt, 1, customer_id);
  while (sd_stmt_step (stmt) == SD_STMT_ROW)
    g_ptr_array_add (orders, read_order_row (stmt));
  sd_stmt_reset (stmt);
  return g_steal_pointer (&orders);
}

static void
bind_order (SdStmt  *stmt,
            const SdOrder *order,
            GString       *items)
{
  int i = 1;

  items_to_json (order, items);
  sd_stmt_bind_text (stmt, i++, order->platform);
  sd_stmt_bind_text (stmt, i++, order->platform_order_id);
  sd_stmt_bind_int64 (stmt, i++, order->customer_id);
  sd_stmt_bind_int64 (stmt, i++, order->amount_cents);
  sd_stmt_bind_text (stmt, i++, order->status);
  sd_stmt_bind_int64 (stmt, i++, order->created_at);
  sd_stmt_bind_int64 (stmt, i++, order->paid_at);
  sd_stmt_bind_int64 (stmt, i++, order->modified_at);
  sd_stmt_bind_text (stmt, i++, order->refund_state);
  sd_stmt_bind_int64 (stmt, i++, order->refund_cents);
  sd_stmt_bind_int (stmt, i++, sd_order_status_counts (order->status, order->paid_at) &&
                               g_strcmp0 (order->refund_state, "full") != 0);
  sd_stmt_bind_int (stmt, i++, sd_order_refund_counts (order->refund_state));
  sd_stmt_bind_text_copy (stmt, i++, items->str, (gssize) items->len);
}

/* A bulk load's order, held back for COPY: its id is drawn when it is sent, and nothing
 * asks for it before (0 until then). */
static gboolean
hold_order (SdDb          *db,
            SdCopyBuffer  *held,
            SdOrder       *order,
            GString       *items,
            GError       **error)
{
  items_to_json (order, items);
  _sd_copy_buffer_begin_row (held);
  _sd_copy_buffer_text (held, order->platform);
  _sd_copy_buffer_text (held, order->platform_order_id);
  _sd_copy_buffer_int (held, order->customer_id);
  _sd_copy_buffer_int (held, order->amount_cents);
  _sd_copy_buffer_text (held, order->status);
  _sd_copy_buffer_int (held, order->created_at);
  _sd_copy_buffer_int (held, order->paid_at);
  _sd_copy_buffer_int (held, order->modified_at);
  _sd_copy_buffer_text (held, order->refund_state);
  _sd_copy_buffer_int (held, order->refund_cents);
  _sd_copy_buffer_int (held, sd_order_status_counts (order->status, order->paid_at) &&
                             g_strcmp0 (order->refund_state, "full") != 0);
  _sd_copy_buffer_int (held, sd_order_refund_counts (order->refund_state));
  _sd_copy_buffer_text (held, items->str);
  _sd_copy_buffer_end_row (held, SD_COPY_ORDERS);
  order->id = 0;
  _sd_db_count (db, SD_COUNTER_ORDERS, 1);
  return _sd_db_held_rows_check (db, error);
}

gboolean
_sd_store_insert_order (SdDb     *db,
                        SdOrder  *order,
                        GError  **error)
{
  g_autoptr(GString) items = g_string_sized_new (128);
  SdCopyBuffer *held = _sd_db_held_rows (db);
  SdStmt *stmt;
  int rc;

  if (held != NULL)
    return hold_order (db, held, order, items, error);
  stmt = _sd_db_prepare (db,
      "INSERT INTO orders (platform, platform_order_id, customer_id, amount_cents, status, created_at, "
      "paid_at, modified_at, refund_state, refund_cents, counted, refunded, items) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      error);

  if (stmt == NULL)
    return FALSE;
  bind_order (stmt, order, items);
  rc = sd_stmt_step (stmt);
  if (rc != SD_STMT_DONE)
    {
      sd_stmt_reset (stmt);
      if (sd_stmt_rc_is_duplicate (rc))
        {
          g_set_error (error, SD_ERROR, SD_ERROR_CONFLICT, _("The order %s already exists."), order->platform_order_id);
          return FALSE;
        }
      _sd_db_set_error (db, error, rc, _("add an order"));
      return FALSE;
    }
  sd_stmt_reset (stmt);
  order->id = _sd_db_last_insert_id (db);
  _sd_db_count (db, SD_COUNTER_ORDERS, 1);
  return TRUE;
}

gboolean
_sd_store_update_order (SdDb          *db,
                        const SdOrder *order,
                        GError       **error)
{
  g_autoptr(GString) items = g_string_sized_new (128);
  SdStmt *stmt = _sd_db_prepare (db,
      "UPDATE orders SET platform = ?1, platform_order_id = ?2, customer_id = ?3, amount_cents = ?4, "
      "status = ?5, created_at = ?6, paid_at = ?7, modified_at = ?8, refund_state = ?9, refund_cents = ?10, "
      "counted = ?11, refunded = ?12, items = ?13 WHERE id = ?14", error);

  if (stmt == NULL)
    return FALSE;
  bind_order (stmt, order, items);
  sd_stmt_bind_int64 (stmt, 14, order->id);
  return _sd_db_step_done (db, stmt, error);
}

gboolean
_sd_order_items_equal (const SdOrder *a,
                       const SdOrder *b)
{
  if (a->items->len != b->items->len)
    return FALSE;
  for (guint i = 0; i < a->items->len; i++)
    {
      const SdOrderItem *x = g_ptr_array_index (a->items, i);
      const SdOrderItem *y = g_ptr_array_index (b->items, i);
      if (g_strcmp0 (x->title, y->title) != 0 || x->quantity != y->quantity ||
          x->unit_price_cents != y->unit_price_cents)
        return FALSE;
    }
  return TRUE;
}

gboolean
_sd_order_equal (const SdOrder *a,
                 const SdOrder *b)
{
  return a->customer_id == b->customer_id && a->amount_cents == b->amount_cents &&
         g_strcmp0 (a->status, b->status) == 0 && a->created_at == b->created_at &&
         a->paid_at == b->paid_at && a->modified_at == b->modified_at &&
         g_strcmp0 (a->refund_state, b->refund_state) == 0 && a->refund_cents == b->refund_cents &&
         _sd_order_items_equal (a, b);
}
