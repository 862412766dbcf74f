import { FileJson, FileSpreadsheet, KeyRound, Mail, MailPlus, Trash2, UserRoundSearch } from 'lucide-react'
import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { buttonVariants } from '@/components/ui/button-variants'
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { Spinner } from '@/components/ui/spinner'
import { useCan } from '@/hooks/use-can'
import { pluralize } from '@/lib/format'
import { errorMessage } from '@/lib/problem'
import { toast } from '@/lib/toast'
import { cn } from '@/lib/utils'
import { useDeleteCustomer } from '../api/delete-customer'
import { useExportCustomer } from '../api/export-customer'
import { impersonationUrl, useImpersonateCustomer } from '../api/impersonate-customer'
import { useSendInvitation } from '../api/send-invitation'
import { useSendPasswordReset } from '../api/send-password-reset'
import type { CustomerDetail } from '../lib/types'

export interface QuickActionsProps {
  customer: CustomerDetail
  /** After the customer was deleted (e.g. go back to the list). */
  onDeleted: () => void
}

const ACTION = 'w-full justify-start'

/** Section "Quick Actions": email, password reset, invitation, view as customer, export, delete. */
export function QuickActions({ customer, onDeleted }: QuickActionsProps) {
  const canOperate = useCan('operator')
  const canAdmin = useCan('admin')
  const reset = useSendPasswordReset()
  const invite = useSendInvitation()
  const impersonate = useImpersonateCustomer()
  const exporter = useExportCustomer()
  const remove = useDeleteCustomer()
  const [confirmDelete, setConfirmDelete] = useState(false)

  const active = customer.status === 'active'
  const inactiveHint = active ? undefined : `Not possible while the customer is ${customer.status}`

  const viewAsCustomer = () => {
    // Opened now, inside the click, so pop-up blockers let it through; pointed at the portal once the token arrives.
    const tab = window.open('', '_blank')
    impersonate.mutate(customer.id, {
      onSuccess: (session) => {
        const url = impersonationUrl(session)
        if (tab && !tab.closed) {
          tab.opener = null
          tab.location.href = url
        } else {
          window.open(url, '_blank', 'noopener')
        }
        toast.info(`Opened the client portal as ${customer.email}: read-only, for ${Math.round(session.expires_in / 60)} minutes.`)
      },
      onError: (error) => {
        tab?.close()
        toast.error(`Could not open the portal as this customer: ${errorMessage(error)}`)
      },
    })
  }

  return (
    <Card aria-labelledby="quick-actions-heading" role="region">
      <CardHeader>
        <CardTitle id="quick-actions-heading">Quick Actions</CardTitle>
        <CardDescription>Support actions for this customer.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-2">
        <a href={`mailto:${customer.email}`} className={cn(buttonVariants({ variant: 'outline' }), ACTION)}>
          <Mail aria-hidden="true" />
          Send email
        </a>
        {canOperate ? (
          <Button
            variant="outline"
            className={ACTION}
            disabled={!active || reset.isPending}
            title={inactiveHint ?? 'Email the customer a link to set a new password'}
            onClick={() => reset.mutate(customer.id)}
          >
            {reset.isPending ? <Spinner label="Sending" /> : <KeyRound aria-hidden="true" />}
            Reset password
          </Button>
        ) : null}
        {canOperate && !customer.password_set ? (
          <Button
            variant="outline"
            className={ACTION}
            disabled={!active || invite.isPending}
            title={inactiveHint ?? 'Email the invitation again (the customer has not set a password yet)'}
            onClick={() => invite.mutate(customer.id)}
          >
            {invite.isPending ? <Spinner label="Sending" /> : <MailPlus aria-hidden="true" />}
            Resend invitation
          </Button>
        ) : null}
        {canAdmin ? (
          <>
            <Button
              variant="outline"
              className={ACTION}
              disabled={impersonate.isPending}
              title="Open the client portal in a new tab as this customer (read-only, 15 minutes)"
              onClick={viewAsCustomer}
            >
              {impersonate.isPending ? <Spinner label="Opening" /> : <UserRoundSearch aria-hidden="true" />}
              View as customer
            </Button>
            <Button
              variant="outline"
              className={ACTION}
              disabled={exporter.isPending}
              title="GDPR export: profile, licenses, activations and timeline as one JSON document"
              onClick={() => exporter.mutate({ id: customer.id, format: 'json' })}
            >
              {exporter.isPending && exporter.variables?.format === 'json' ? <Spinner label="Exporting" /> : <FileJson aria-hidden="true" />}
              Export data (JSON)
            </Button>
            <Button
              variant="outline"
              className={ACTION}
              disabled={exporter.isPending}
              title="GDPR export as CSV: one row per value (section, record, field, value)"
              onClick={() => exporter.mutate({ id: customer.id, format: 'csv' })}
            >
              {exporter.isPending && exporter.variables?.format === 'csv' ? <Spinner label="Exporting" /> : <FileSpreadsheet aria-hidden="true" />}
              Export data (CSV)
            </Button>
            <Button
              variant="outline"
              className={cn(ACTION, 'border-destructive/40 text-destructive hover:bg-destructive/10 hover:text-destructive')}
              onClick={() => {
                remove.reset()
                setConfirmDelete(true)
              }}
            >
              <Trash2 aria-hidden="true" />
              Delete customer
            </Button>
          </>
        ) : null}
        {!canOperate ? (
          <p className="text-xs text-muted-foreground">Your role can view this customer but not change anything.</p>
        ) : null}
      </CardContent>
      <ConfirmDialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title="Delete this customer?"
        message={
          <>
            This permanently erases {customer.email}: their name, email, password and sessions, and the IP addresses and
            device names of their activations. Their {pluralize(customer.license_count, 'license')} become unassigned and
            their devices are deactivated. The audit trail keeps only the customer ID. This cannot be undone.
          </>
        }
        confirmText={customer.email}
        confirmLabel="Delete customer"
        destructive
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : undefined}
        onConfirm={() =>
          remove.mutate(
            { id: customer.id, confirm: customer.email },
            {
              onSuccess: () => {
                setConfirmDelete(false)
                onDeleted()
              },
            },
          )
        }
      />
    </Card>
  )
}
