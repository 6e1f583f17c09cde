/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-customer-query"

#include "sd-customer-query.h"

static const char *sort_names[] = {
  [SD_CUSTOMER_SORT_ID] = "id",
  [SD_CUSTOMER_SORT_NAME] = "name",
  [SD_CUSTOMER_SORT_NICK] = "nick",
  [SD_CUSTOMER_SORT_PHONE] = "phone",
  [SD_CUSTOMER_SORT_TOTAL_SPENT] = "total_spent",
  [SD_CUSTOMER_SORT_ORDER_COUNT] = "order_count",
  [SD_CUSTOMER_SORT_LAST_ORDER] = "last_order",
  [SD_CUSTOMER_SORT_CITY] = "city",
  [SD_CUSTOMER_SORT_TIER] = "tier",
};

SdCustomerQuery *
sd_customer_query_new (void)
{
  SdCustomerQuery *query = g_new0 (SdCustomerQuery, 1);

  query->min_spent_cents = -1;
  query->max_spent_cents = -1;
  query->min_orders = -1;
  query->max_orders = -1;
  return query;
}

SdCustomerQuery *
sd_customer_query_copy (const SdCustomerQuery *query)
{
  SdCustomerQuery *copy;

  g_return_val_if_fail (query != NULL, NULL);

  copy = g_new (SdCustomerQuery, 1);
  *copy = *query;
  copy->text = g_strdup (query->text);
  copy->tag = g_strdup (query->tag);
  copy->province = g_strdup (query->province);
  copy->ids = query->ids ? g_array_copy (query->ids) : NULL;
  copy->condition = query->condition ? sd_condition_ref (query->condition) : NULL;
  return copy;
}

void
sd_customer_query_free (SdCustomerQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->text);
  g_free (query->tag);
  g_free (query->province);
  g_clear_pointer (&query->ids, g_array_unref);
  g_clear_pointer (&query->condition, sd_condition_unref);
  g_free (query);
}

gboolean
sd_customer_query_is_narrowed (const SdCustomerQuery *query)
{
  g_autofree char *text = NULL;

  if (query == NULL)
    return FALSE;
  text = g_strstrip (g_strdup (query->text ? query->text : ""));
  return *text != '\0' || (query->tag && *query->tag) || (query->province && *query->province) ||
         query->min_spent_cents >= 0 || query->max_spent_cents >= 0 || query->min_orders >= 0 ||
         query->max_orders >= 0 || query->last_order_after > 0 || query->last_order_before > 0 ||
         query->ids != NULL || query->condition != NULL;
}

gboolean
sd_customer_sort_from_string (const char     *name,
                              SdCustomerSort *out_sort)
{
  for (guint i = 0; i < G_N_ELEMENTS (sort_names); i++)
    if (g_strcmp0 (name, sort_names[i]) == 0)
      {
        *out_sort = i;
        return TRUE;
      }
  return FALSE;
}

const char *
sd_customer_sort_to_string (SdCustomerSort sort)
{
  g_return_val_if_fail (sort < G_N_ELEMENTS (sort_names), NULL);
  return sort_names[sort];
}

gboolean
sd_customer_sort_is_text (SdCustomerSort sort)
{
  return sort == SD_CUSTOMER_SORT_NAME || sort == SD_CUSTOMER_SORT_NICK ||
         sort == SD_CUSTOMER_SORT_PHONE || sort == SD_CUSTOMER_SORT_CITY;
}

void
sd_customer_cursor_free (SdCustomerCursor *cursor)
{
  if (cursor == NULL)
    return;
  g_free (cursor->key_text);
  g_free (cursor);
}
