/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sd-settings.h"

G_BEGIN_DECLS

#define SD_APPLICATION_ID "io.github.shopdesk.ShopDesk"

#define SD_TYPE_APPLICATION (sd_application_get_type ())
G_DECLARE_FINAL_TYPE (SdApplication, sd_application, SD, APPLICATION, AdwApplication)

SdApplication *sd_application_new          (void);
SdSettings    *sd_application_get_settings (SdApplication *self);

G_END_DECLS
