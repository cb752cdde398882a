variable "project" {
  description = "Prefix of every resource name."
  type        = string
  default     = "wild-rydes"
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "account_id" {
  type    = string
  default = "123456789012"
}

# Both keys belong to the security team's stack; this module only uses them.
variable "secrets_key_arn" {
  description = "KMS key the order secrets are encrypted with."
  type        = string
  default     = "arn:aws:kms:us-east-1:123456789012:key/0b7d5e3a-91c4-4f62-8e1d-5a2c7b9e4f10"
}

variable "archive_key_arn" {
  description = "KMS key the receipts archive is encrypted with."
  type        = string
  default     = "arn:aws:kms:us-east-1:123456789012:key/c41e8a2d-7b3f-4d95-a6e0-19f2d8b7c3a5"
}
