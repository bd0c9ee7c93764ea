package io.executions.grpc;
