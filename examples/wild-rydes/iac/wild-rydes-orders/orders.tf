# Unicorn merchandise orders: the table, the queues and topic, the processor and its role.

resource "aws_dynamodb_table" "orders" {
  name         = "${var.project}-orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "orderId"

  attribute {
    name = "orderId"
    type = "S"
  }

  attribute {
    name = "riderId"
    type = "S"
  }

  global_secondary_index {
    name            = "by-rider"
    hash_key        = "riderId"
    projection_type = "ALL"
  }

  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_dynamodb_table" "order_items" {
  name         = "${var.project}-order-items"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "orderId"
  range_key    = "sku"

  dynamic "attribute" {
    for_each = { orderId = "S", sku = "S" }
    content {
      name = attribute.key
      type = attribute.value
    }
  }
}

resource "aws_sqs_queue" "orders_dlq" {
  name                      = "${var.project}-orders-dlq"
  message_retention_seconds = 1209600
}

resource "aws_sqs_queue" "orders" {
  name                       = "${var.project}-orders"
  visibility_timeout_seconds = 180 // six times the function timeout, as Lambda recommends
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue" "fulfilment" {
  name = "${var.project}-fulfilment"
}

resource "aws_sns_topic" "order_events" {
  name = "${var.project}-order-events"
}

resource "aws_secretsmanager_secret" "stripe" {
  name       = "${var.project}/orders/stripe"
  kms_key_id = var.secrets_key_arn
}

resource "aws_lambda_function" "order_processor" {
  function_name = "${var.project}-order-processor"
  description   = "Unicorn merchandise orders"
  role          = aws_iam_role.order_processor.arn
  runtime       = local.lambda_runtime
  handler       = "dist/handler.main"
  filename      = "${path.module}/dist/order-processor.zip"
  timeout       = 30
  memory_size   = 512
  architectures = ["arm64"]

  environment {
    variables = {
      ORDERS_TABLE         = aws_dynamodb_table.orders.name
      ORDER_ITEMS_TABLE    = aws_dynamodb_table.order_items.name
      FULFILMENT_QUEUE_URL = aws_sqs_queue.fulfilment.url
      ORDER_EVENTS_TOPIC   = aws_sns_topic.order_events.arn
      STRIPE_SECRET_ID     = aws_secretsmanager_secret.stripe.name
    }
  }
}

resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn = aws_sqs_queue.orders.arn
  function_name    = aws_lambda_function.order_processor.arn
  batch_size       = 10
}

resource "aws_iam_role" "order_processor" {
  name               = "${var.project}-order-processor"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json

  tags = {
    Component = "orders"
  }
}

# The processor reads and writes orders; scoped down "later" (2026-04).
resource "aws_iam_role_policy" "order_processor_data" {
  name = "order-processor-data"
  role = aws_iam_role.order_processor.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "OrdersData"
        Effect   = "Allow"
        Action   = "dynamodb:*"
        Resource = "*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "order_processor_logs" {
  role       = aws_iam_role.order_processor.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

# The SQS event source mapping polls the orders queue with the function's own role.
resource "aws_iam_role_policy_attachment" "order_processor_sqs" {
  role       = aws_iam_role.order_processor.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"
}

resource "aws_iam_policy" "order_processor_messaging" {
  name   = "${var.project}-order-processor-messaging"
  path   = "/"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": "sqs:SendMessage",
          "Resource": "${aws_sqs_queue.fulfilment.arn}",
          "Sid": "SendToFulfilment"
        },
        {
          "Effect": "Allow",
          "Action": "sns:Publish",
          "Resource": "${aws_sns_topic.order_events.arn}",
          "Sid": "PublishOrderEvents"
        },
        {
          "Effect": "Allow",
          "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
          "Resource": "arn:aws:secretsmanager:${var.region}:${var.account_id}:secret:wild-rydes/orders/*",
          "Sid": "ReadOrderSecrets"
        },
        {
          "Effect": "Allow",
          "Action": ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"],
          "Resource": "arn:aws:ssm:${var.region}:${var.account_id}:parameter/wild-rydes/orders*",
          "Sid": "ReadOrderConfig"
        },
        {
          "Effect": "Allow",
          "Action": "kms:Decrypt",
          "Resource": "${var.secrets_key_arn}",
          "Sid": "DecryptOrderSecrets"
        }
      ]
    }
  EOT
}

resource "aws_iam_role_policy_attachment" "order_processor_messaging" {
  role       = aws_iam_role.order_processor.name
  policy_arn = aws_iam_policy.order_processor_messaging.arn
}

