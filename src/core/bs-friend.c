/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bs-friend"

#include "config.h"

#include "bs-friend.h"

/* Another customer as a customer sees them: an id and a display name, nothing more. */

struct _BsFriend
{
  GObject parent_instance;

  char *customer_id;  /* (owned) */
  char *display_name; /* (owned) */
};

G_DEFINE_FINAL_TYPE (BsFriend, bs_friend, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CUSTOMER_ID,
  PROP_DISPLAY_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
bs_friend_finalize (GObject *object)
{
  BsFriend *self = BS_FRIEND (object);

  g_free (self->customer_id);
  g_free (self->display_name);

  G_OBJECT_CLASS (bs_friend_parent_class)->finalize (object);
}

static void
bs_friend_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  BsFriend *self = BS_FRIEND (object);

  switch (prop_id)
    {
    case PROP_CUSTOMER_ID:
      g_value_set_string (value, self->customer_id);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_friend_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  BsFriend *self = BS_FRIEND (object);

  switch (prop_id)
    {
    case PROP_CUSTOMER_ID:
      self->customer_id = g_value_dup_string (value);
      break;
    case PROP_DISPLAY_NAME:
      self->display_name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bs_friend_class_init (BsFriendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bs_friend_finalize;
  object_class->get_property = bs_friend_get_property;
  object_class->set_property = bs_friend_set_property;

  /* The public customer id. */
  properties[PROP_CUSTOMER_ID]
      = g_param_spec_string ("customer-id", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The display name. */
  properties[PROP_DISPLAY_NAME]
      = g_param_spec_string ("display-name", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bs_friend_init (BsFriend *self)
{
}

BsFriend *
bs_friend_new (const char *customer_id, const char *display_name)
{
  return g_object_new (BS_TYPE_FRIEND, "customer-id", customer_id, "display-name", display_name,
                       NULL);
}

const char *
bs_friend_get_customer_id (BsFriend *self)
{
  g_return_val_if_fail (BS_IS_FRIEND (self), NULL);

  return self->customer_id;
}

const char *
bs_friend_get_display_name (BsFriend *self)
{
  g_return_val_if_fail (BS_IS_FRIEND (self), NULL);

  return self->display_name;
}
