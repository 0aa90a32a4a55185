{{/* Names and labels shared by every manifest of the chart. */}}

{{- define "molt.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "molt.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "molt.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "molt.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Selector labels of one component: call with (dict "root" $ "component" "upgrade-service"). */}}
{{- define "molt.selectorLabels" -}}
app.kubernetes.io/name: {{ include "molt.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "molt.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "molt.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "molt.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding the service's passwords: the existing one, or the chart's. */}}
{{- define "molt.credentialsSecret" -}}
{{- default (printf "%s-credentials" (include "molt.fullname" .)) .Values.credentials.existingSecret }}
{{- end }}

{{/* Whether the service authenticates to Nova with a password (username set) or an application credential. */}}
{{- define "molt.novaUsesPassword" -}}
{{- if (index .Values.config.molt.nova "username") }}true{{ end }}
{{- end }}

{{- define "molt.novaEnabled" -}}
{{- $sim := .Values.config.molt.simulation | default dict }}
{{- if and (index .Values.config.molt.nova "enabled") (not (index $sim "enabled")) }}true{{ end }}
{{- end }}

{{/* The agents' broker URI Secret. */}}
{{- define "molt.agentAmqpSecret" -}}
{{- default (printf "%s-agent-amqp" (include "molt.fullname" .)) .Values.agent.amqp.existingSecret }}
{{- end }}

{{/* Stops rendering with a message naming the values when they contradict each other. */}}
{{- define "molt.checks" -}}
{{- $c := .Values.credentials }}
{{- if $c.existingSecret }}
{{- range $key := list "databasePassword" "rabbitmqPassword" "novaPassword" "novaApplicationCredentialSecret" }}
{{- if index $c $key }}
{{- fail (printf "credentials.%s is set, but so is credentials.existingSecret (%s), which the passwords are read from: set one of the two" $key $c.existingSecret) }}
{{- end }}
{{- end }}
{{- else }}
{{- if not $c.databasePassword }}{{ fail "credentials.databasePassword is required when credentials.existingSecret is empty" }}{{ end }}
{{- if not $c.rabbitmqPassword }}{{ fail "credentials.rabbitmqPassword is required when credentials.existingSecret is empty" }}{{ end }}
{{- if include "molt.novaEnabled" . }}
{{- if and (include "molt.novaUsesPassword" .) (not $c.novaPassword) }}
{{- fail "credentials.novaPassword is required with config.molt.nova.username set and credentials.existingSecret empty" }}
{{- end }}
{{- if and (not (include "molt.novaUsesPassword" .)) (not $c.novaApplicationCredentialSecret) }}
{{- fail "credentials.novaApplicationCredentialSecret is required without config.molt.nova.username and with credentials.existingSecret empty" }}
{{- end }}
{{- end }}
{{- end }}
{{- if regexMatch "(?i)(password|secret)[^:\\n]*:" (toYaml .Values.extraConfig) }}
{{- fail "extraConfig must not hold a password or secret (it goes into a ConfigMap): use credentials.*" }}
{{- end }}
{{- if .Values.agent.enabled }}
{{- if and (not .Values.agent.amqp.uri) (not .Values.agent.amqp.existingSecret) }}
{{- fail "agent.amqp.uri or agent.amqp.existingSecret is required with agent.enabled" }}
{{- end }}
{{- if and .Values.agent.amqp.uri .Values.agent.amqp.existingSecret }}
{{- fail "agent.amqp.uri and agent.amqp.existingSecret are both set: set one of the two" }}
{{- end }}
{{- $state := clean (index .Values.agent.properties "state.dir") }}
{{- $onHost := false }}
{{- range .Values.agent.hostPaths }}
{{- $p := clean .path }}
{{- if or (eq $state $p) (hasPrefix (printf "%s/" (trimSuffix "/" $p)) $state) }}{{ $onHost = true }}{{ end }}
{{- end }}
{{- if not $onHost }}
{{- fail (printf "agent.properties.state.dir (%s) must be on one of agent.hostPaths, or the journal is lost with the pod" $state) }}
{{- end }}
{{- end }}
{{- end }}

{{/* application.yml: config, the migration setting, then extraConfig over both. */}}
{{- define "molt.applicationYaml" -}}
{{- $cfg := deepCopy .Values.config }}
{{- $flyway := dict "spring" (dict "flyway" (dict "enabled" (not .Values.migrations.enabled))) }}
{{- $cfg = mustMergeOverwrite $cfg $flyway }}
{{- $cfg = mustMergeOverwrite $cfg (deepCopy .Values.extraConfig) }}
{{- toYaml $cfg }}
{{- end }}
