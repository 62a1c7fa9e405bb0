{{/* The release's name prefix for every object (63 characters at most, as Kubernetes names allow). */}}
{{- define "todo.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels that select one service's pods: (dict "root" $ "service" "core"). */}}
{{- define "todo.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{/* Every object's labels: (dict "root" $ "service" "core"); service may be empty. */}}
{{- define "todo.labels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- with .service }}
app.kubernetes.io/component: {{ . }}
{{- end }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: todo-chatbot
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* A service's Dapr app id: its name after dapr.appIdPrefix. */}}
{{- define "todo.appId" -}}
{{- printf "%s%s" .root.Values.dapr.appIdPrefix .service -}}
{{- end -}}

{{/* The Secret that holds jwt-secret, database-url and (optionally) llm-api-key. */}}
{{- define "todo.secretName" -}}
{{- .Values.secrets.existingSecret | default (include "todo.fullname" .) -}}
{{- end -}}

{{- define "todo.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{/* The Kafka bootstrap servers: the in-cluster broker's, or kafka.brokers. */}}
{{- define "todo.kafkaBrokers" -}}
{{- if .Values.kafka.inCluster.enabled -}}
{{- printf "%s-kafka:9092" (include "todo.fullname" .) -}}
{{- else -}}
{{- required "kafka.brokers is required (or kafka.inCluster.enabled=true)" .Values.kafka.brokers -}}
{{- end -}}
{{- end -}}

{{/* Settings that cannot work together fail the render, with the reason. */}}
{{- define "todo.validate" -}}
{{- if and .Values.secrets.existingSecret .Values.postgresql.inCluster.enabled -}}
{{- fail "postgresql.inCluster keeps its password in the chart's own Secret: leave secrets.existingSecret empty" -}}
{{- end -}}
{{- if and .Values.postgresql.url .Values.postgresql.inCluster.enabled -}}
{{- fail "set postgresql.url or postgresql.inCluster.enabled, not both" -}}
{{- end -}}
{{- if and .Values.kafka.brokers .Values.kafka.inCluster.enabled -}}
{{- fail "set kafka.brokers or kafka.inCluster.enabled, not both" -}}
{{- end -}}
{{- if and .Values.llm.apiKey .Values.secrets.existingSecret -}}
{{- fail "llm.apiKey goes into the chart's own Secret: put llm-api-key into secrets.existingSecret instead" -}}
{{- end -}}
{{- end -}}
