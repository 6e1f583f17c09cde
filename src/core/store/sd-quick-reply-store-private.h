/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-db-private.h"
#include "sd-quick-replies.h"

G_BEGIN_DECLS

/* The SQL of quick replies and of the customer and order values their placeholders take
 * (sd-quick-reply-store.c). */

/* The department of staff account STAFF_ID (0: none). */
gint64        _sd_quick_reply_store_staff_department (SdDb      *db,
                                                      gint64     staff_id);
/* The id of department NAME (id, key or name); 0 with SD_ERROR_NOT_FOUND. */
gint64        _sd_quick_reply_store_find_department  (SdDb      *db,
                                                      const char *name,
                                                      GError   **error);
/* Whether SHORTCUT is taken in the scope of REPLY (by another reply than REPLY->id). */
gboolean      _sd_quick_reply_store_shortcut_taken   (SdDb      *db,
                                                      const SdQuickReply *reply,
                                                      gboolean  *out_taken,
                                                      GError   **error);
gint64        _sd_quick_reply_store_insert           (SdDb      *db,
                                                      const SdQuickReply *reply,
                                                      GError   **error);
/* Group, shortcut, text and updated_at of REPLY. */
gboolean      _sd_quick_reply_store_update           (SdDb      *db,
                                                      const SdQuickReply *reply,
                                                      GError   **error);
gboolean      _sd_quick_reply_store_delete           (SdDb      *db,
                                                      gint64     id,
                                                      GError   **error);
gboolean      _sd_quick_reply_store_add_use          (SdDb      *db,
                                                      gint64     id,
                                                      GError   **error);
/* Reply ID when STAFF_ID of DEPARTMENT_ID sees it; SD_ERROR_NOT_FOUND otherwise. */
SdQuickReply *_sd_quick_reply_store_load             (SdDb      *db,
                                                      gint64     id,
                                                      gint64     staff_id,
                                                      gint64     department_id,
                                                      GError   **error);
/* What STAFF_ID of DEPARTMENT_ID sees: SEARCH ("": all) in text or shortcut. */
GPtrArray    *_sd_quick_reply_store_list             (SdDb      *db,
                                                      gint64     staff_id,
                                                      gint64     department_id,
                                                      const char *search,
                                                      GError   **error);
/* Shortcuts starting with PREFIX ("" : any), exact first, then most used. */
GPtrArray    *_sd_quick_reply_store_complete         (SdDb      *db,
                                                      gint64     staff_id,
                                                      gint64     department_id,
                                                      const char *prefix,
                                                      guint      limit,
                                                      GError   **error);
/* Into VALUES (char * → char *, both owned by it): name, nick, grade (as stored, or the
 * built-in Taobao name) of CUSTOMER_ID; order_id and the raw order_status of ORDER_ID,
 * which must be that customer's. 0: not wanted. */
gboolean      _sd_quick_reply_store_fill_values      (SdDb      *db,
                                                      gint64     customer_id,
                                                      gint64     order_id,
                                                      GHashTable *values,
                                                      GError   **error);

G_END_DECLS
