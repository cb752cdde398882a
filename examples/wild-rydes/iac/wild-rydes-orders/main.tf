# Wild Rydes merchandise orders and ride receipts: hand-written Terraform, one state per account.

terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      ManagedBy = "terraform"
      Project   = var.project
    }
  }
}

locals {
  lambda_runtime = "nodejs20.x"
  /* The riders and promo-codes tables belong to the rides team; only their names are shared. */
  shared_tables = {
    riders = "${var.project}-riders"
    promo  = "${var.project}-promo-codes"
  }
}

# Every function of this module runs with a role Lambda assumes.
data "aws_iam_policy_document" "lambda_assume" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}
