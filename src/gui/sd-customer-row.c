/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-customer-row"

#include "sd-customer-row.h"

struct _SdCustomerRow
{
  GObject     parent_instance;
  gint64      id;
  SdCustomer *customer;
};

G_DEFINE_FINAL_TYPE (SdCustomerRow, sd_customer_row, G_TYPE_OBJECT)

static void
sd_customer_row_finalize (GObject *object)
{
  SdCustomerRow *self = SD_CUSTOMER_ROW (object);

  g_clear_pointer (&self->customer, sd_customer_free);
  G_OBJECT_CLASS (sd_customer_row_parent_class)->finalize (object);
}

static void
sd_customer_row_class_init (SdCustomerRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sd_customer_row_finalize;
}

static void
sd_customer_row_init (SdCustomerRow *self)
{
}

/* Takes CUSTOMER. */
SdCustomerRow *
sd_customer_row_new (gint64      id,
                     SdCustomer *customer)
{
  SdCustomerRow *self = g_object_new (SD_TYPE_CUSTOMER_ROW, NULL);

  self->id = id;
  self->customer = customer;
  return self;
}

gint64
sd_customer_row_get_id (SdCustomerRow *self)
{
  g_return_val_if_fail (SD_IS_CUSTOMER_ROW (self), 0);
  return self->id;
}

const SdCustomer *
sd_customer_row_get_customer (SdCustomerRow *self)
{
  g_return_val_if_fail (SD_IS_CUSTOMER_ROW (self), NULL);
  return self->customer;
}
