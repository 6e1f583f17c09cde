/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PLACEHOLDER: being written; replaced in this session. */
#include "sd-customer-detail.h"

struct _SdCustomerDetail
{
  AdwBin parent_instance;
  gint64 id;
};

G_DEFINE_FINAL_TYPE (SdCustomerDetail, sd_customer_detail, ADW_TYPE_BIN)

static void
sd_customer_detail_class_init (SdCustomerDetailClass *klass)
{
  g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 1, G_TYPE_INT64);
  g_signal_new ("merged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
}

static void
sd_customer_detail_init (SdCustomerDetail *self)
{
}

GtkWidget *
sd_customer_detail_new (void)
{
  return g_object_new (SD_TYPE_CUSTOMER_DETAIL, NULL);
}

void
sd_customer_detail_set_session (SdCustomerDetail *self,
                                SdSession        *session,
                                SdSettings       *settings)
{
}

gboolean
sd_customer_detail_show (SdCustomerDetail *self,
                         gint64            id)
{
  self->id = id;
  return TRUE;
}

gint64
sd_customer_detail_get_customer_id (SdCustomerDetail *self)
{
  return self->id;
}
