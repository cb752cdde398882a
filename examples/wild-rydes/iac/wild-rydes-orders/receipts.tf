# Ride receipts: the buckets, the nightly archiver and its role.

resource "aws_s3_bucket" "receipts" {
  bucket = "${var.project}-receipts-${var.account_id}"
}

resource "aws_s3_bucket" "archive" {
  bucket = "${var.project}-receipts-archive-${var.account_id}"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "archive" {
  bucket = aws_s3_bucket.archive.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.archive_key_arn
    }
  }
}

resource "aws_lambda_function" "receipts_archiver" {
  function_name = "${var.project}-receipts-archiver"
  description   = "Nightly move of ride receipts to the archive bucket"
  role          = aws_iam_role.receipts_archiver.arn
  runtime       = "python3.12"
  handler       = "archiver.handler"
  filename      = "${path.module}/dist/receipts-archiver.zip"
  timeout       = 900
  memory_size   = 256

  environment {
    variables = {
      SOURCE_BUCKET  = aws_s3_bucket.receipts.bucket
      ARCHIVE_BUCKET = aws_s3_bucket.archive.bucket
      ARCHIVE_KEY_ID = var.archive_key_arn
    }
  }
}

resource "aws_iam_role" "receipts_archiver" {
  name               = "wild-rydes-receipts-archiver"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json

  tags = {
    Component = "receipts"
  }
}

data "aws_iam_policy_document" "receipts_archiver" {
  # Read and write the receipts the ride service drops.
  statement {
    sid     = "ReceiptsReadWrite"
    effect  = "Allow"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.receipts.arn,
      "${aws_s3_bucket.receipts.arn}/*",
    ]
  }

  # Receipts are kept for seven years: nobody deletes them, not even the archiver.
  statement {
    sid       = "NeverDeleteReceipts"
    effect    = "Deny"
    actions   = ["s3:DeleteObject"]
    resources = ["${aws_s3_bucket.receipts.arn}/*"]
  }

  statement {
    sid       = "ArchiveEncryptedOnly"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.archive.arn}/*"]

    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-server-side-encryption"
      values   = ["aws:kms"]
    }
  }

  statement {
    sid       = "ArchiveKey"
    effect    = "Allow"
    actions   = ["kms:GenerateDataKey"]
    resources = [var.archive_key_arn]
  }
}

resource "aws_iam_role_policy" "receipts_archiver" {
  name   = "receipts-archiver"
  role   = aws_iam_role.receipts_archiver.id
  policy = data.aws_iam_policy_document.receipts_archiver.json
}

resource "aws_iam_role_policy_attachment" "receipts_archiver_logs" {
  role       = aws_iam_role.receipts_archiver.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}
