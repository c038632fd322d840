//! Every payload shape deserializes into serenity's model types.
